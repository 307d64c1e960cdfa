# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ca_path through the module's real entry point: the simulator behind TLS with a certificate of a private CA,
as a TLS-intercepting proxy presents it."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
import threading

import pytest

cryptography = pytest.importorskip("cryptography")

from cryptography import x509  # noqa: E402  pylint: disable=wrong-import-position
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402  pylint: disable=wrong-import-position
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402  pylint: disable=wrong-import-position
from cryptography.x509.oid import NameOID  # noqa: E402  pylint: disable=wrong-import-position

import central_simulator  # noqa: E402  pylint: disable=wrong-import-position

from ansible_collections.arubacentral.troubleshooting.plugins.modules import ping  # noqa: E402


def _certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1 (it is its own CA): (cert path, key path)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "intercepting proxy CA")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(hours=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "ca.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture
def tls_simulator(tmp_path):
    cert_path, key_path = _certificate(tmp_path)
    server = central_simulator.make_server(test_duration=0.2)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs=dict(poll_interval=0.05), daemon=True)
    thread.start()
    yield "https://127.0.0.1:%d" % server.server_address[1], cert_path
    server.shutdown()
    server.server_close()


def test_ca_path_verifies_a_private_ca_and_without_it_the_hint_names_it(run_module, tls_simulator, monkeypatch):
    base_url, ca_file = tls_simulator
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    args = dict(base_url=base_url, access_token="sim-static-token", device_type="ap", serial_number="TESTAP0001",
                destination="10.0.0.1", poll_interval=0.1, max_retries=0)
    refused = run_module(ping, dict(args))
    assert refused["rc"] == 1 and "TLS verification failed" in refused["msg"] and "ca_path" in refused["msg"]
    accepted = run_module(ping, dict(args, ca_path=ca_file))
    assert accepted["rc"] == 0 and accepted["outcome"] == "succeeded"
    monkeypatch.setenv("CENTRAL_CA_PATH", ca_file)
    assert run_module(ping, dict(args))["rc"] == 0


def test_a_missing_ca_path_is_named(run_module, tmp_path):
    result = run_module(ping, dict(base_url="https://127.0.0.1:9", access_token="sim-static-token", device_type="ap",
                                   serial_number="TESTAP0001", destination="10.0.0.1", ca_path=str(tmp_path / "no.pem")))
    assert result["rc"] == 1 and "ca_path %s does not exist" % (tmp_path / "no.pem") in result["msg"]
