# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json
import os
import stat
import threading
import time
from urllib.parse import parse_qs

import pytest
import requests
import responses
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _auth as auth_mod
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _client as client_mod
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _pacing as pacing
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _paths as paths
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _transport as transport_mod
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _vocabulary as vocabulary
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _errors as errors

BASE = "https://central.example.test"
TOKEN_URL = "https://sso.example.test/as/token.oauth2"
PATH = "/network-troubleshooting/v1/aps/SN1/ping/async-operations/T1"


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


@pytest.fixture
def sleeps():
    return Sleeps()


def make_client(sleeps, tokens=None, max_retries=3, cache=None, max_rate_limit_wait=300.0):
    transport = transport_mod.Transport(max_retries=max_retries, sleep=sleeps, max_rate_limit_wait=max_rate_limit_wait)
    if tokens is None:
        tokens = auth_mod.ClientCredentialsProvider(transport, TOKEN_URL, "my-id", "my-secret", cache=cache)
    return client_mod.CentralClient(BASE, tokens, transport)


def add_token(rsps, token="tok-1", expires_in=7200):
    rsps.add(responses.POST, TOKEN_URL, json={"access_token": token, "token_type": "Bearer", "expires_in": expires_in})


def refused():
    return requests.exceptions.ConnectionError(
        MaxRetryError(None, BASE, reason=NewConnectionError(None, "Connection refused")))


def test_token_grant_is_form_encoded_and_reused(sleeps):
    with responses.RequestsMock() as rsps:
        add_token(rsps)
        rsps.add(responses.GET, BASE + PATH, json={"status": "RUNNING"})
        rsps.add(responses.GET, BASE + PATH, json={"status": "COMPLETED"})
        central = make_client(sleeps)
        assert central.request("GET", PATH)["status"] == "RUNNING"
        assert central.request("GET", PATH)["status"] == "COMPLETED"
        token_calls = [call for call in rsps.calls if call.request.url == TOKEN_URL]
        assert len(token_calls) == 1
        form = parse_qs(token_calls[0].request.body)
        assert form == {"grant_type": ["client_credentials"], "client_id": ["my-id"], "client_secret": ["my-secret"]}
        assert rsps.calls[1].request.headers["Authorization"] == "Bearer tok-1"


def test_401_renews_the_token(sleeps):
    with responses.RequestsMock() as rsps:
        add_token(rsps, "old")
        add_token(rsps, "new")
        rsps.add(responses.GET, BASE + PATH, status=401, json={"errorCode": "HPE_GL_ERROR_UNAUTHORIZED", "message": "expired"})
        rsps.add(responses.GET, BASE + PATH, json={"status": "COMPLETED"})
        assert make_client(sleeps).request("GET", PATH)["status"] == "COMPLETED"
        auth = [call.request.headers.get("Authorization") for call in rsps.calls if call.request.url == BASE + PATH]
        assert auth == ["Bearer old", "Bearer new"]


def test_a_renewed_token_revoked_in_flight_is_renewed_again(sleeps):
    with responses.RequestsMock() as rsps:
        for token in ("old", "new", "newer"):
            add_token(rsps, token)
        for _unused in range(2):
            rsps.add(responses.GET, BASE + PATH, status=401, json={"errorCode": "HPE_GL_ERROR_UNAUTHORIZED", "message": "revoked"})
        rsps.add(responses.GET, BASE + PATH, json={"status": "COMPLETED"})
        assert make_client(sleeps).request("GET", PATH)["status"] == "COMPLETED"
        auth = [call.request.headers.get("Authorization") for call in rsps.calls if call.request.url == BASE + PATH]
        assert auth == ["Bearer old", "Bearer new", "Bearer newer"]


def test_401_after_two_renewals_fails_with_an_actionable_error(sleeps):
    with responses.RequestsMock() as rsps:
        for token in ("old", "new", "newer"):
            add_token(rsps, token)
        for _unused in range(3):
            rsps.add(responses.GET, BASE + PATH, status=401, json={"errorCode": "HPE_GL_ERROR_UNAUTHORIZED", "message": "no"})
        with pytest.raises(errors.AuthenticationError) as caught:
            make_client(sleeps).request("GET", PATH)
        assert len([c for c in rsps.calls if c.request.url == TOKEN_URL]) == 3
        assert len([c for c in rsps.calls if c.request.url == BASE + PATH]) == 3
        assert "client_id" in str(caught.value)


def test_tokens_central_took_and_then_revoked_do_not_use_up_the_renewals(sleeps):
    # A server rotating keys every few seconds: each token the request renews to had worked for other requests of
    # the run (accepted), then was revoked. That is no refusal of ours: the request renews past the two renewals a
    # refused token gets, and succeeds with the fourth token.
    with responses.RequestsMock() as rsps:
        for token in ("t1", "t2", "t3", "t4"):
            add_token(rsps, token)
        client = make_client(sleeps)
        for token in ("t1", "t2", "t3"):
            client.tokens.accept(token)   # as the other threads' answers would have
        for _unused in range(3):
            rsps.add(responses.GET, BASE + PATH, status=401, json={"errorCode": "HPE_GL_ERROR_UNAUTHORIZED",
                                                                   "message": "revoked"})
        rsps.add(responses.GET, BASE + PATH, json={"status": "COMPLETED"})
        assert client.request("GET", PATH)["status"] == "COMPLETED"
        auth = [call.request.headers.get("Authorization") for call in rsps.calls if call.request.url == BASE + PATH]
        assert auth == ["Bearer t1", "Bearer t2", "Bearer t3", "Bearer t4"]


def test_static_token_is_not_refreshed(sleeps):
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, BASE + PATH, status=401, json={"errorCode": "HPE_GRAVITY_UNAUTHORIZED", "message": "no"})
        with pytest.raises(errors.AuthenticationError):
            make_client(sleeps, tokens=auth_mod.StaticTokenProvider("fixed")).request("GET", PATH)
        assert len(rsps.calls) == 1


def test_refused_credentials_name_the_token_url(sleeps):
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, TOKEN_URL, status=401, json={"error": "invalid_client", "error_description": "bad"})
        with pytest.raises(errors.AuthenticationError) as caught:
            make_client(sleeps).request("GET", PATH)
        assert TOKEN_URL in str(caught.value) and "bad" in str(caught.value)
        assert "my-secret" not in str(caught.value)


def test_429_honours_retry_after_seconds(sleeps):
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, BASE + PATH, status=429, headers={"Retry-After": "7"}, json={})
        rsps.add(responses.GET, BASE + PATH, json={"status": "RUNNING"})
        central = make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t"))
        assert central.request("GET", PATH)["status"] == "RUNNING"
        assert sleeps == [pytest.approx(7.0, abs=0.05)]
        assert central.stats.as_dict() == dict(requests=2, rate_limited=1, retries=1)


def test_429_waits_for_the_rate_limit_reset_when_nothing_remains(sleeps):
    reset = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 20))
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "/start", status=429, json={},
                 headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
        rsps.add(responses.POST, BASE + "/start", status=202, json={"location": "/x"})
        make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t")).request("POST", "/start", body={})
        assert len(sleeps) == 1 and 17 <= sleeps[0] <= 21


def test_429_without_hints_backs_off_exponentially(sleeps, mocker):
    mocker.patch.object(transport_mod.random, "uniform", return_value=1.0)
    with responses.RequestsMock() as rsps:
        for _unused in range(3):
            rsps.add(responses.GET, BASE + PATH, status=429, json={})
        rsps.add(responses.GET, BASE + PATH, json={"status": "COMPLETED"})
        make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t")).request("GET", PATH)
        assert sleeps == [pytest.approx(1.0, abs=0.05), pytest.approx(2.0, abs=0.05), pytest.approx(4.0, abs=0.05)]


def test_429_retries_are_bounded(sleeps):
    with responses.RequestsMock() as rsps:
        for _unused in range(3):
            rsps.add(responses.GET, BASE + PATH, status=429, headers={"Retry-After": "1"},
                     json={"errorCode": "HPE_GL_ERROR_TOO_MANY_REQUESTS", "message": "slow down"})
        with pytest.raises(errors.RateLimitError) as caught:
            make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t"), max_retries=2).request("GET", PATH)
        assert len(rsps.calls) == 3
        assert "wait 1 s" in str(caught.value)


def test_429_with_a_wait_beyond_the_cap_fails_at_once(sleeps):
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, BASE + PATH, status=429, headers={"Retry-After": "3600"}, json={})
        with pytest.raises(errors.RateLimitError):
            make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t"), max_rate_limit_wait=60).request("GET", PATH)
        assert sleeps == []


def test_get_is_retried_on_5xx_and_timeouts(sleeps):
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, BASE + PATH, status=503, body="<html>busy</html>")
        rsps.add(responses.GET, BASE + PATH, body=requests.exceptions.ReadTimeout("slow"))
        rsps.add(responses.GET, BASE + PATH, json={"status": "COMPLETED"})
        assert make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t")).request("GET", PATH)["status"] == "COMPLETED"
        assert len(sleeps) == 2


def test_get_gives_up_after_max_retries_with_the_mapped_error(sleeps):
    with responses.RequestsMock() as rsps:
        for _unused in range(4):
            rsps.add(responses.GET, BASE + PATH, status=502, body="<html>Bad Gateway</html>")
        with pytest.raises(errors.ServerError) as caught:
            make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t"), max_retries=3).request("GET", PATH)
        assert len(rsps.calls) == 4 and caught.value.status_code == 502


@pytest.mark.parametrize("failure", [
    lambda: (500, {"errorCode": "HPE_GL_ERROR_INTERNAL_SERVER_ERROR", "message": "oops"}),
    lambda: requests.exceptions.ReadTimeout("slow"),
    lambda: requests.exceptions.ConnectionError(ProtocolError("reset by peer")),
])
def test_post_is_not_retried_when_central_may_have_acted(sleeps, failure):
    outcome = failure()
    with responses.RequestsMock() as rsps:
        if isinstance(outcome, tuple):
            rsps.add(responses.POST, BASE + "/start", status=outcome[0], json=outcome[1])
        else:
            rsps.add(responses.POST, BASE + "/start", body=outcome)
        with pytest.raises((errors.ServerError, errors.TransportError)):
            make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t")).request("POST", "/start", body={})
        assert len(rsps.calls) == 1 and sleeps == []


def test_post_is_retried_when_the_connection_was_refused(sleeps):
    with responses.RequestsMock() as rsps:
        rsps.add(responses.POST, BASE + "/start", body=refused())
        rsps.add(responses.POST, BASE + "/start", body=requests.exceptions.ConnectTimeout("no answer"))
        rsps.add(responses.POST, BASE + "/start", status=202, json={"location": "/x/T"})
        answer = make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t")).request("POST", "/start", body={"a": 1})
        assert answer == {"location": "/x/T"}
        assert len(sleeps) == 2
        assert json.loads(rsps.calls[2].request.body) == {"a": 1}


def test_transport_failure_is_mapped_without_traceback(sleeps):
    with responses.RequestsMock() as rsps:
        for _unused in range(2):
            rsps.add(responses.GET, BASE + PATH, body=refused())
        with pytest.raises(errors.TransportError) as caught:
            make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t"), max_retries=1).request("GET", PATH)
        assert "connection failed" in str(caught.value) and "base_url" in str(caught.value)


def test_tls_failure_says_what_to_do(sleeps):
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, BASE + PATH, body=requests.exceptions.SSLError("certificate verify failed"))
        with pytest.raises(errors.TransportError) as caught:
            make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t"), max_retries=0).request("GET", PATH)
        assert "validate_certs" in str(caught.value)


def test_timeouts_and_tls_verification_are_passed_to_requests(sleeps, mocker):
    transport = transport_mod.Transport(validate_certs=False, connect_timeout=3, read_timeout=9, sleep=sleeps)
    send = mocker.patch.object(transport.session, "request")
    send.return_value.status_code = 200
    send.return_value.headers = {}
    transport.send("GET", BASE + PATH, idempotent=True)
    assert send.call_args.kwargs["timeout"] == (3, 9)
    assert send.call_args.kwargs["verify"] is False


def test_non_json_success_body_is_a_server_error(sleeps):
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, BASE + PATH, body="<html>maintenance</html>", status=200)
        with pytest.raises(errors.ServerError):
            make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t")).request("GET", PATH)


@pytest.mark.parametrize("value", ["a/b", "..", "x?y=1", "has space", "", None, "a" * 129, "%2e%2e", "é"])
def test_unsafe_path_segments_are_refused(value):
    with pytest.raises(errors.ValidationError) as caught:
        paths.safe_segment(value, "serial_number")
    assert "serial_number" in str(caught.value)


@pytest.mark.parametrize("url", ["ftp://x", "central.example", "https://", "https://h/path?x=1", "file:///etc"])
def test_base_url_must_be_http(url):
    with pytest.raises(errors.ValidationError) as caught:
        paths.resolve_base_url(url)
    assert "base_url" in str(caught.value)


def test_cluster_maps_to_its_base_url():
    assert paths.resolve_base_url(cluster="de1") == "https://de1.api.central.arubanetworks.com"
    assert paths.resolve_base_url(cluster="cn1") == "https://cn1.api.central.arubanetworks.com.cn"
    assert paths.resolve_base_url("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    with pytest.raises(errors.ValidationError, match="cluster must be one of"):
        paths.resolve_base_url(cluster="mars1")


def test_parse_rfc3339_with_nanoseconds_and_offsets():
    start = vocabulary.parse_rfc3339("2025-05-20T13:07:48.849780286Z")
    end = vocabulary.parse_rfc3339("2025-05-20T13:08:04.034123064Z")
    assert round(end - start, 3) == 15.184
    assert vocabulary.parse_rfc3339("2025-05-20T15:07:48+02:00") == vocabulary.parse_rfc3339("2025-05-20T13:07:48Z")
    assert vocabulary.parse_rfc3339("yesterday") is None


def test_token_cache_is_private_keyed_and_secret_free(tmp_path, sleeps):
    cache = auth_mod.TokenCache(str(tmp_path / "cache"))
    with responses.RequestsMock() as rsps:
        add_token(rsps, "cached-token")
        rsps.add(responses.GET, BASE + PATH, json={"status": "COMPLETED"})
        make_client(sleeps, cache=cache).request("GET", PATH)
    path = cache.path(TOKEN_URL, "my-id")
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(str(tmp_path / "cache")).st_mode) == 0o700
    content = open(path).read()
    assert "cached-token" in content and "my-secret" not in content
    assert cache.path(TOKEN_URL, "other-id") != path
    # A second run (new client, same cache) sends no token request.
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, BASE + PATH, json={"status": "COMPLETED"})
        make_client(sleeps, cache=cache).request("GET", PATH)
        assert rsps.calls[0].request.headers["Authorization"] == "Bearer cached-token"


def test_token_cache_ignores_expired_and_world_readable_files(tmp_path):
    now = [1000.0]
    cache = auth_mod.TokenCache(str(tmp_path), clock=lambda: now[0])
    cache.store(TOKEN_URL, "id", "t", expires_at=1100.0)
    assert cache.load(TOKEN_URL, "id") == ("t", 1100.0)
    now[0] = 1200.0
    assert cache.load(TOKEN_URL, "id") is None
    now[0] = 1000.0
    os.chmod(cache.path(TOKEN_URL, "id"), 0o644)
    assert cache.load(TOKEN_URL, "id") is None


def test_token_is_renewed_before_it_expires(sleeps):
    now = [0.0]
    transport = transport_mod.Transport(sleep=sleeps)
    provider = auth_mod.ClientCredentialsProvider(transport, TOKEN_URL, "id", "secret", clock=lambda: now[0])
    with responses.RequestsMock() as rsps:
        add_token(rsps, "first", expires_in=600)
        add_token(rsps, "second", expires_in=600)
        assert provider.get() == "first"
        now[0] = 545.0  # within the 60 s early-renewal margin of a 600 s token
        assert provider.get() == "second"


def test_rate_limiter_spaces_requests():
    clock = [0.0]
    waits = []

    def sleep(seconds):
        waits.append(round(seconds, 3))
        clock[0] += seconds

    limiter = pacing.RateLimiter(4.0, clock=lambda: clock[0], sleep=sleep)
    for _unused in range(5):
        limiter.acquire()
    assert waits == [0.25, 0.25, 0.25, 0.25]
    limiter.pause(2.0)
    limiter.acquire()
    assert waits[-1] == 2.0


def test_rate_limiter_slows_down_when_the_hourly_budget_runs_low():
    clock = [0.0]
    limiter = pacing.RateLimiter(10.0, clock=lambda: clock[0], sleep=lambda s: clock.__setitem__(0, clock[0] + s),
                                 wall_clock=lambda: 0.0)
    limiter.observe({"X-RateLimit-Remaining": "100", "X-RateLimit-Reset": "1970-01-01T00:03:20Z"})  # 200 s left
    limiter.acquire()
    limiter.acquire()
    assert clock[0] == pytest.approx(2.0)  # 0.5 request/s instead of 10
    limiter.observe({"X-RateLimit-Remaining": "5000", "X-RateLimit-Reset": "1970-01-01T00:03:20Z"})
    limiter.acquire()
    assert clock[0] == pytest.approx(2.0 + 0.1)  # the slot booked at the slow rate moves up: back to 10/s at once
    limiter.acquire()
    assert clock[0] == pytest.approx(2.2)
    # A budget that lasts more than a minute at full rate is not rationed over the hour.
    limiter.observe({"X-RateLimit-Remaining": "1000", "X-RateLimit-Reset": "1970-01-01T01:00:00Z"})
    limiter.acquire()
    assert clock[0] == pytest.approx(2.3)


def test_a_run_sized_to_what_is_left_goes_at_its_rate_and_still_holds_when_spent():
    clock = [0.0]
    limiter = pacing.RateLimiter(10.0, clock=lambda: clock[0], sleep=lambda s: clock.__setitem__(0, clock[0] + s),
                                 wall_clock=lambda: 0.0)
    limiter.observe({"RateLimit-Remaining": "59", "RateLimit-Reset": "3600"})   # would be 59 requests over an hour
    limiter.acquire()
    limiter.stop_spreading()
    limiter.acquire()
    limiter.observe({"RateLimit-Remaining": "20", "RateLimit-Reset": "3600"})
    limiter.acquire()
    assert clock[0] == pytest.approx(0.2)   # 10/s, not one a minute
    limiter.observe({"RateLimit-Remaining": "0", "RateLimit-Reset": "3600"})
    assert limiter.spent_for() == 3600.0


def test_retry_after_as_http_date():
    now = time.time()
    header = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(now + 30))
    assert 28 <= pacing.retry_after_seconds({"Retry-After": header}, now=now) <= 31
    assert pacing.retry_after_seconds({}, now=now) is None


def test_rate_limiter_halves_its_pace_after_a_429_and_recovers():
    clock = [0.0]
    limiter = pacing.RateLimiter(10.0, clock=lambda: clock[0], sleep=lambda s: clock.__setitem__(0, clock[0] + s))
    limiter.acquire()
    limiter.pause(1.0)
    limiter.acquire()  # waits out the pause
    assert clock[0] == pytest.approx(1.0)
    limiter.acquire()
    assert clock[0] == pytest.approx(1.2)  # 5 requests/s instead of 10
    for _unused in range(20):
        limiter.accepted()
    limiter.acquire()
    assert clock[0] == pytest.approx(1.4)  # the slot booked at 5 requests/s
    limiter.acquire()
    assert clock[0] == pytest.approx(1.5)  # back to 10 requests/s


def breaker_client(fake_time, max_retries=3):
    transport = transport_mod.Transport(max_retries=max_retries, sleep=fake_time.sleep, clock=fake_time.clock)
    return client_mod.CentralClient(BASE, auth_mod.StaticTokenProvider("t"), transport)


def test_once_central_is_gone_for_a_retry_window_nothing_more_is_sent(fake_time):
    clock = fake_time
    central = breaker_client(clock)  # window: 1 + 2 + 4 = 7 s of backoff
    assert central.transport.breaker.window == 7.0
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, BASE + PATH, body=refused())
        # The first request spends its retries (at most 7 s of jittered waits) and fails as before.
        with pytest.raises(errors.TransportError) as first:
            central.request("GET", PATH)
        assert not isinstance(first.value, errors.CentralUnreachableError)
        # The next one hits the window during its retries and stops there.
        with pytest.raises(errors.CentralUnreachableError) as second:
            central.request("GET", PATH)
        assert "Central unreachable since" in second.value.message and "connection failed" in second.value.message
        # Its backoff was cut short at the end of the window: it gave up 7 s after the first refusal.
        assert clock.now == pytest.approx(7.0)
        # From then on every request fails at once: nothing sent, no wait.
        sent, waits = len(rsps.calls), len(clock.sleeps)
        for _unused in range(100):
            with pytest.raises(errors.CentralUnreachableError):
                central.request("POST", "/start", body={})
        assert len(rsps.calls) == sent and len(clock.sleeps) == waits


def test_an_answer_in_between_keeps_a_flaky_connection_on_its_retries(fake_time):
    clock = fake_time
    central = breaker_client(clock)
    with responses.RequestsMock() as rsps:
        for _unused in range(20):
            rsps.add(responses.GET, BASE + PATH, body=refused())
            rsps.add(responses.GET, BASE + PATH, json={"status": "COMPLETED"})
        for _unused in range(20):
            assert central.request("GET", PATH) == {"status": "COMPLETED"}
            clock.now += 60.0
    assert not central.transport.breaker.is_open and central.transport.breaker.seconds_down() is None


def test_an_empty_environment_variable_is_unset(monkeypatch):
    """AWX injects an empty variable for a credential field left blank: the cluster's choices must not see it."""
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

    from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._connection import CONNECTION_ARGUMENT_SPEC

    monkeypatch.setenv("CENTRAL_CLUSTER", "")
    monkeypatch.setenv("CENTRAL_TOKEN_URL", "")
    monkeypatch.setenv("CENTRAL_BASE_URL", BASE)
    result = ArgumentSpecValidator(CONNECTION_ARGUMENT_SPEC).validate({})
    assert not result.error_messages
    params = result.validated_parameters
    assert params["cluster"] is None and params["base_url"] == BASE
    assert params["token_url"] == "https://sso.common.cloud.hpe.com/as/token.oauth2"


@pytest.mark.parametrize("path", [":18099/x", "@other-host/x", "//other-host/x", "/a/../b", "/a?x=1", "/a#f",
                                  "/a/\n", "x", 42, None, "/a//b", "/a/./b"])
def test_a_path_that_could_leave_the_base_url_is_refused_unsent(sleeps, path):
    # No URL is registered: any request sent would fail the test with a connection error instead.
    with responses.RequestsMock(assert_all_requests_are_fired=False):
        with pytest.raises(errors.ValidationError) as caught:
            make_client(sleeps, tokens=auth_mod.StaticTokenProvider("t")).request("GET", path)
    assert "not a plain path below base_url" in str(caught.value)


@pytest.mark.parametrize("url", ["https://central.example\n", "https://central.example/\n"])
def test_a_trailing_newline_is_not_taken_in_a_base_url(url):
    with pytest.raises(errors.ValidationError):
        paths.resolve_base_url(url)


@pytest.mark.parametrize("value", ["SN1\n", "SN1\r\n"])
def test_a_trailing_newline_is_not_taken_in_a_segment(value):
    with pytest.raises(errors.ValidationError):
        paths.safe_segment(value, "serial_number")


@pytest.mark.parametrize("token_url, allowed", [
    ("http://sso.example.test/as/token.oauth2", False),
    ("http://10.0.0.5/token", False),
    ("http://127.0.0.1:8080/token", True),
    ("http://[::1]:8080/token", True),
    ("http://localhost/token", True),
    ("https://sso.example.test/as/token.oauth2", True),
])
def test_a_token_url_in_clear_is_taken_for_loopback_only(sleeps, token_url, allowed):
    transport = transport_mod.Transport(sleep=sleeps)
    if allowed:
        auth_mod.ClientCredentialsProvider(transport, token_url, "id", "secret")
    else:
        with pytest.raises(errors.ValidationError) as caught:
            auth_mod.ClientCredentialsProvider(transport, token_url, "id", "secret")
        assert "unencrypted" in str(caught.value)


def _fetch_with_cache(sleeps, cache):
    with responses.RequestsMock() as rsps:
        add_token(rsps, "fresh-token")
        rsps.add(responses.GET, BASE + PATH, json={"status": "RUNNING"})
        client = make_client(sleeps, cache=cache)
        client.request("GET", PATH)
        assert len([call for call in rsps.calls if call.request.url == TOKEN_URL]) == 1
    return client


def test_a_symlinked_token_cache_is_not_used(tmp_path, sleeps):
    real = tmp_path / "planted"
    real.mkdir(mode=0o700)
    link = tmp_path / "cache"
    link.symlink_to(real)
    client = _fetch_with_cache(sleeps, auth_mod.TokenCache(str(link)))
    assert os.listdir(str(real)) == []
    assert client.warnings == ["token cache %s is a symlink: not used (a new token is fetched instead); make it a "
                               "directory of yours that only you can write, or set token_cache: false" % link]


def test_a_world_writable_token_cache_is_not_used(tmp_path, sleeps):
    directory = tmp_path / "cache"
    directory.mkdir()
    os.chmod(str(directory), 0o777)
    cache = auth_mod.TokenCache(str(directory))
    # A token someone else could have put there is not read either.
    path = cache.path(TOKEN_URL, "my-id")
    with open(path, "w") as handle:
        json.dump(dict(access_token="planted", expires_at=time.time() + 3600), handle)
    os.chmod(path, 0o600)
    client = _fetch_with_cache(sleeps, cache)
    assert "is writable by other users" in client.warnings[0]
    with open(path) as handle:
        assert json.load(handle)["access_token"] == "planted"  # nor written


def test_a_symlinked_token_file_is_not_followed(tmp_path, sleeps):
    directory = tmp_path / "cache"
    directory.mkdir(mode=0o700)
    cache = auth_mod.TokenCache(str(directory))
    target = tmp_path / "target.json"
    target.write_text(json.dumps(dict(access_token="planted", expires_at=time.time() + 3600)))
    os.chmod(str(target), 0o600)
    os.symlink(str(target), cache.path(TOKEN_URL, "my-id"))
    client = _fetch_with_cache(sleeps, cache)
    assert "holds a symlink" in client.warnings[0]
    assert json.loads(target.read_text())["access_token"] == "planted"


def test_each_attempt_is_cut_to_the_time_left_before_the_deadline(sleeps, mocker):
    now = [100.0]
    transport = transport_mod.Transport(connect_timeout=10, read_timeout=30, sleep=sleeps, clock=lambda: now[0])
    send = mocker.patch.object(transport.session, "request")
    send.return_value.status_code = 200
    send.return_value.headers = {}
    transport.send("GET", BASE + PATH, idempotent=True, deadline=102.5)
    assert send.call_args.kwargs["timeout"] == (2.5, 2.5)
    now[0] = 103.0
    with pytest.raises(errors.DeadlineError):
        transport.send("GET", BASE + PATH, idempotent=True, deadline=102.5)
    assert send.call_count == 1


def test_a_ca_bundle_replaces_the_trust_store_and_the_tls_hint_names_it(sleeps, mocker):
    transport = transport_mod.Transport(ca_path="/etc/proxy-ca.pem", sleep=sleeps)
    send = mocker.patch.object(transport.session, "request")
    send.return_value.status_code = 200
    send.return_value.headers = {}
    transport.send("GET", BASE + PATH, idempotent=True)
    assert send.call_args.kwargs["verify"] == "/etc/proxy-ca.pem"
    assert transport_mod.Transport(ca_path="/etc/proxy-ca.pem", validate_certs=False).verify is False
    hint = transport_mod._describe(requests.exceptions.SSLError("certificate verify failed"))
    assert hint.index("ca_path") < hint.index("validate_certs")


def _token_provider(simulator, cache=None, auth_method="auto"):
    transport = transport_mod.Transport(max_retries=0)
    return auth_mod.ClientCredentialsProvider(transport, simulator.url + "/as/token.oauth2", "sim-client",
                                              "sim-secret", cache=cache, auth_method=auth_method)


@pytest.mark.parametrize("accepted, asked, sent, requests_made", [
    # auto: the form body first (GreenLake's documented example); a server taking only Basic costs one more try.
    (["basic", "post"], "auto", "post", 1),
    (["basic"], "auto", "basic", 2),
    (["post"], "auto", "post", 1),
    (["basic"], "basic", "basic", 1),
    (["post"], "post", "post", 1),
])
def test_the_token_request_authenticates_both_ways(simulator, tmp_path, accepted, asked, sent, requests_made):
    simulator.control("/sim/config", dict(token_auth_methods=accepted))
    provider = _token_provider(simulator, auth_mod.TokenCache(str(tmp_path)), asked)
    assert provider.get()
    stats = simulator.stats()
    assert stats["token"] == requests_made and stats["token_" + sent] == 1
    # What worked is remembered in the cache: the next run's first try is the right one, with no secret kept.
    with open(auth_mod.TokenCache(str(tmp_path)).path(provider.token_url, "sim-client")) as handle:
        cached = json.load(handle)
    assert cached["auth_method"] == sent and "sim-secret" not in json.dumps(cached)


def test_the_way_that_worked_is_tried_first_next_time(simulator, simulated_time, tmp_path):
    simulator.control("/sim/config", dict(token_auth_methods=["basic"], token_ttl=1.0))
    cache = auth_mod.TokenCache(str(tmp_path))
    _token_provider(simulator, cache).get()
    assert simulator.stats()["token"] == 2
    simulated_time.sleep(1.1)  # the cached token expired; the remembered way did not
    _token_provider(simulator, cache).get()
    assert simulator.stats()["token"] == 3 and simulator.stats()["token_basic"] == 2


@pytest.mark.parametrize("accepted, asked, why", [
    (["basic"], "post", "credentials sent in the form body"),
    (["post"], "basic", "credentials sent with HTTP Basic"),
])
def test_a_way_the_server_refuses_is_not_changed_when_asked_for(simulator, accepted, asked, why):
    simulator.control("/sim/config", dict(token_auth_methods=accepted))
    with pytest.raises(errors.AuthenticationError, match=why):
        _token_provider(simulator, auth_method=asked).get()
    assert simulator.stats()["token"] == 1


def test_wrong_credentials_are_tried_both_ways_once_then_refused(simulator):
    transport = transport_mod.Transport(max_retries=0)
    provider = auth_mod.ClientCredentialsProvider(transport, simulator.url + "/as/token.oauth2", "sim-client",
                                                  "wrong-secret")
    with pytest.raises(errors.AuthenticationError, match="Invalid client credentials"):
        provider.get()
    assert simulator.stats()["token"] == 2 and simulator.stats()["token_refused"] == 2


# One process of a controller (an AWX fork, a job slice): a provider of its own over the shared cache directory.
ONE_PROCESS = """
import sys
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _auth, _transport
provider = _auth.ClientCredentialsProvider(_transport.Transport(max_retries=0), sys.argv[1], "sim-client",
                                           "sim-secret", cache=_auth.TokenCache(sys.argv[2]))
try:
    print(provider.get())
except Exception as error:
    print("%s: %s" % (type(error).__name__, error))
"""


def _processes(simulator, cache_dir, count):
    import subprocess
    import sys
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    started = [subprocess.Popen([sys.executable, "-c", ONE_PROCESS, simulator.url + "/as/token.oauth2", cache_dir],
                                stdout=subprocess.PIPE, text=True, env=environment) for _unused in range(count)]
    return [process.communicate(timeout=60)[0].strip() for process in started]


def test_the_processes_of_one_controller_ask_for_one_token_and_share_it(simulator, tmp_path):
    answers = _processes(simulator, str(tmp_path), 6)
    assert len(set(answers)) == 1 and len(answers[0]) == 32, answers
    assert simulator.stats()["token"] == 1


def test_a_token_refusal_is_waited_out_by_every_process_without_asking_again(simulator, tmp_path):
    # Classic Central: one new token a client every 30 minutes. A second token in the window is refused with its
    # Retry-After, longer than a run waits; the refusal is kept in the cache, so no other process asks again.
    simulator.control("/sim/config", dict(token_limit=1, token_window=1800))
    cache = auth_mod.TokenCache(str(tmp_path))
    first = _token_provider(simulator, cache)
    first.get()
    cache.delete(first.token_url, "sim-client")   # the token is gone (revoked, or the cache was emptied)
    with pytest.raises(errors.RateLimitError, match=r"gives client sim-client no new token until 20\d\d-.*Retry-After 18\d\d s"):
        _token_provider(simulator, cache).get()
    answers = _processes(simulator, str(tmp_path), 3)
    assert all(answer.startswith("RateLimitError: ") and "not asked again" in answer for answer in answers), answers
    stats = simulator.stats()
    assert stats["token"] == 2 and stats["token_rate_limited"] == 1


def test_a_short_token_refusal_is_waited_and_the_token_then_given(simulator, simulated_time, tmp_path):
    simulator.control("/sim/config", dict(token_limit=1, token_window=20))
    cache = auth_mod.TokenCache(str(tmp_path))
    _token_provider(simulator, cache).get()
    cache.delete(simulator.url + "/as/token.oauth2", "sim-client")
    transport = transport_mod.Transport(max_retries=2)
    provider = auth_mod.ClientCredentialsProvider(transport, simulator.url + "/as/token.oauth2", "sim-client",
                                                  "sim-secret", cache=cache)
    before = simulated_time.skipped
    assert provider.get()
    assert simulator.stats()["token_rate_limited"] == 1 and simulated_time.skipped - before >= 19


def test_an_unknown_token_auth_method_is_refused_naming_the_choices():
    with pytest.raises(errors.ValidationError, match="token_auth_method must be one of auto, basic, post"):
        auth_mod.ClientCredentialsProvider(transport_mod.Transport(), TOKEN_URL, "id", "secret", auth_method="digest")


def test_a_run_that_ends_while_central_is_down_gave_up_unless_it_was_one_flaky_connection():
    now = [100.0]
    breaker = pacing.CircuitBreaker(window=7.0, clock=lambda: now[0], wall_clock=lambda: 1.8e9)
    assert not breaker.gave_up()
    # Every request of the run refused, the run over before the window (a cached token: no token request either).
    breaker.unreachable("connection refused")
    now[0] += 1.0
    assert breaker.gave_up() and not breaker.is_open
    # Central answered earlier: a connection refused a second ago is not yet Central gone ...
    breaker.answered()
    breaker.unreachable("connection refused")
    assert not breaker.gave_up()
    # ... a whole window of it is.
    now[0] += 7.0
    assert breaker.gave_up()
    breaker.answered()
    assert not breaker.gave_up()


START = "/network-troubleshooting/v1/cx/SN1/aaa"


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("where", ["start", "token"])
def test_a_redirect_is_never_followed_and_nothing_is_sent_again(sleeps, status, where):
    elsewhere = "http://collector.example.net/steal?x=1\x1b[31m"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        if where == "token":
            rsps.add(responses.POST, TOKEN_URL, status=status, headers={"Location": elsewhere})
        else:
            add_token(rsps)
            rsps.add(responses.POST, BASE + START, status=status, headers={"Location": elsewhere})
        rsps.add(responses.POST, "http://collector.example.net/steal", json={})
        with pytest.raises(errors.CentralError) as error:
            make_client(sleeps).request("POST", START, body={"password": "radius-secret"})
        assert "answered %d, a redirect to http://collector.example.net/steal?x=1" % status in error.value.message
        assert "\x1b" not in error.value.message and "radius-secret" not in str(error.value)
        assert not [call for call in rsps.calls if "collector" in call.request.url]
        assert len(rsps.calls) == (1 if where == "token" else 2)


@pytest.mark.parametrize("option, url", [("base_url", "http://central.example.net"),
                                         ("token_url", "http://sso.example.net/as/token.oauth2")])
def test_credentials_never_go_in_clear_to_another_host(sleeps, option, url):
    transport = transport_mod.Transport(sleep=sleeps)
    with pytest.raises(errors.ValidationError) as error:
        tokens = auth_mod.ClientCredentialsProvider(transport, url if option == "token_url" else TOKEN_URL, "id",
                                                    "secret")
        client_mod.CentralClient(url if option == "base_url" else BASE, tokens, transport)
    assert "%s %s would send" % (option, url) in error.value.message and "unencrypted" in error.value.message
    # A loopback address (a local simulator, a tunnel) takes http://.
    tokens = auth_mod.ClientCredentialsProvider(transport, "http://127.0.0.1:8080/token", "id", "secret")
    client_mod.CentralClient("http://[::1]:8080", tokens, transport)


class Dribbler(threading.Thread):
    """A server on loopback whose answers come a byte every 0.2 s: 200 bytes, 40 s in all."""

    def __init__(self):
        super().__init__(daemon=True)
        import http.server

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _dribble(self):
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "200")
                self.end_headers()
                try:
                    for _byte in range(200):
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass

            do_GET = do_POST = _dribble

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]

    def run(self):
        self.server.serve_forever()


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_answer_dribbled_a_byte_at_a_time_ends_at_the_deadline(method):
    dribbler = Dribbler()
    dribbler.start()
    try:
        transport = transport_mod.Transport(max_retries=0, read_timeout=30.0, connect_timeout=5.0)
        central = client_mod.CentralClient(dribbler.url, auth_mod.StaticTokenProvider("static"), transport)
        # Without the bound the 200 spaces arrive (each byte well within read_timeout) and fail as "not JSON".
        with pytest.raises(errors.DeadlineError) as error:
            central.request(method, "/network-troubleshooting/v1/aps/SN1/ping", body={} if method == "POST" else None,
                            deadline=transport.clock() + 0.4)
        assert "no whole answer within 0.4 s" in error.value.message
    finally:
        dribbler.server.shutdown()


NOW = 1.8e9  # 2027-01-15T08:00:00Z


@pytest.mark.parametrize("value, reset", [
    ("30", NOW + 30),                                  # seconds until the reset (GreenLake, New Central)
    ("0", NOW),
    ("1800000060", 1800000060.0),                      # epoch seconds
    ("1800000060000", 1800000060.0),                   # epoch milliseconds
    ("2027-01-15T08:01:00Z", 1800000060.0),            # RFC 3339 (Classic Central)
    ("2027-01-15T08:01:00.000000000Z", 1800000060.0),
    ("Fri, 15 Jan 2027 08:01:00 GMT", 1800000060.0),   # an HTTP date
    ("-5", None), ("nan", None), ("inf", None), ("1e300", None), ("soon", None), ("", None), (None, None),
    ("9" * 400, None),
])
def test_every_reset_form_and_hostile_values(value, reset):
    assert pacing.parse_reset(value, NOW) == (None if reset is None else pytest.approx(reset))


@pytest.mark.parametrize("headers, budgets", [
    ({"X-RateLimit-Remaining": "12", "X-RateLimit-Reset": "60"}, [(12.0, NOW + 60)]),
    ({"x-ratelimit-remaining": "12", "x-ratelimit-reset": "2027-01-15T08:01:00Z"}, [(12.0, NOW + 60)]),
    ({"RateLimit-Remaining": "3", "RateLimit-Reset": "10"}, [(3.0, NOW + 10)]),
    ({"RateLimit": "limit=100, remaining=50, reset=30"}, [(50.0, NOW + 30)]),
    ({"RateLimit": '"default";r=0;t=7', "RateLimit-Policy": '"default";q=100;w=60'}, [(0.0, NOW + 7)]),
    ({"X-RateLimit-Limit-second": "7", "X-RateLimit-Remaining-second": "0"}, [(0.0, NOW + 1)]),
    ({"X-RateLimit-Limit-day": "5000", "X-RateLimit-Remaining-day": "42"}, [(42.0, NOW + 16 * 3600)]),
    ({"X-RateLimit-Remaining": "-1", "X-RateLimit-Reset": "60"}, []),
    ({"X-RateLimit-Remaining": "NaN", "X-RateLimit-Reset": "60"}, []),
    ({"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "garbage"}, []),
    ({"RateLimit": "remaining=99999999999999999999, reset=1"}, []),
    ({}, []),
])
def test_every_rate_limit_header_family(headers, budgets):
    assert pacing.rate_budgets(headers, NOW) == [(remaining, pytest.approx(reset)) for remaining, reset in budgets]


def test_one_answer_that_says_the_budget_is_low_never_slows_the_whole_run():
    clock = [0.0]
    limiter = pacing.RateLimiter(10.0, clock=lambda: clock[0], sleep=lambda s: clock.__setitem__(0, clock[0] + s),
                                 wall_clock=lambda: NOW + clock[0])
    limiter.observe({"X-RateLimit-Remaining": "1", "X-RateLimit-Reset": "3600"})
    limiter.acquire()
    limiter.acquire()
    assert clock[0] == pytest.approx(3600.0)  # 1 request in the hour that is left
    # The next answers say nothing of a budget: the configured rate is back at once.
    limiter.observe({})
    limiter.acquire()
    limiter.acquire()
    assert clock[0] == pytest.approx(3600.0 + 0.2)  # 10 requests/s


def test_a_spent_budget_holds_every_request_until_its_reset_or_fails_fast_past_the_deadline(sleeps):
    with responses.RequestsMock() as rsps:
        add_token(rsps)
        rsps.add(responses.GET, BASE + PATH, json={"status": "RUNNING"},
                 headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "3600"})
        central = make_client(sleeps)
        assert central.request("GET", PATH)["status"] == "RUNNING"
        with pytest.raises(errors.RateLimitError) as error:
            central.request("GET", PATH, deadline=central.transport.clock() + 300)
        assert "not sent: Central's rate budget is spent until " in error.value.message
        assert "past the longest wait (300 s)" in error.value.message
        assert len(rsps.calls) == 2  # the token and the first answer: nothing more was sent


@pytest.mark.parametrize("status", [200, 500])
def test_json_nested_too_deeply_is_an_unreadable_answer_not_a_crash(sleeps, status):
    deep = "[" * 100000 + "]" * 100000
    with responses.RequestsMock() as rsps:
        add_token(rsps)
        rsps.add(responses.GET, BASE + PATH, body=deep, status=status, content_type="application/json")
        with pytest.raises(errors.CentralError) as error:
            make_client(sleeps, max_retries=0).request("GET", PATH)
    assert isinstance(error.value, errors.UnexpectedAnswerError if status == 200 else errors.ServerError)
    assert "nested too deeply" in error.value.message if status == 200 else error.value.status_code == 500
