# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

import json

import pytest

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils import _errors as errors


@pytest.mark.parametrize("prefix", ["HPE_GRAVITY_", "HPE_GL_ERROR_"])
@pytest.mark.parametrize("status, suffix, on_poll, expected", [
    (400, "BAD_REQUEST", False, errors.ValidationError),
    (401, "UNAUTHORIZED", False, errors.AuthenticationError),
    (403, "FORBIDDEN", False, errors.PermissionDeniedError),
    (404, "DEVICE_NOT_FOUND", False, errors.DeviceNotFoundError),
    (404, "TASK_NOT_FOUND", True, errors.TaskNotFoundError),
    (404, "TASK_NOT_FOUND", False, errors.TaskNotFoundError),
    (409, "DEVICE_OFFLINE", False, errors.DeviceOfflineError),
    (409, "DEVICE_NOT_READY", False, errors.DeviceBusyError),
    (429, "TOO_MANY_REQUESTS", False, errors.RateLimitError),
    (500, "INTERNAL_SERVER_ERROR", False, errors.ServerError),
])
def test_status_and_code_map_to_one_meaning(prefix, status, suffix, on_poll, expected):
    body = json.dumps({"errorCode": prefix + suffix, "message": "server says"}).encode()
    error = errors.error_from_response(status, body, on_poll=on_poll)
    assert error.__class__ is expected
    assert error.status_code == status
    assert error.error_code == prefix + suffix
    assert error.message == "server says"
    text = str(error)
    assert "server says" in text and prefix + suffix in text and "HTTP %d" % status in text and error.hint in text


def test_every_seed_error_body_maps(seed):
    by_suffix = {"BAD_REQUEST": 400, "UNAUTHORIZED": 401, "TASK_NOT_FOUND": 404, "TOO_MANY_REQUESTS": 429,
                 "INTERNAL_SERVER_ERROR": 500}
    for body in seed("errors"):
        suffix = errors.code_suffix(body["errorCode"])
        error = errors.error_from_response(by_suffix[suffix], json.dumps(body), on_poll=True)
        assert error.message == body["message"]
        assert error.__class__ is not errors.CentralError


def test_404_without_code_depends_on_the_request():
    assert errors.error_from_response(404, b"", on_poll=False).__class__ is errors.DeviceNotFoundError
    assert errors.error_from_response(404, b"", on_poll=True).__class__ is errors.TaskNotFoundError


@pytest.mark.parametrize("status, expected", [(502, errors.ServerError), (503, errors.ServerError),
                                              (504, errors.ServerError), (418, errors.CentralError)])
def test_html_and_empty_bodies_map_cleanly(status, expected):
    html = b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
    error = errors.error_from_response(status, html)
    assert error.__class__ is expected
    assert error.error_code is None
    assert "non-JSON response: <html>" in error.message
    empty = errors.error_from_response(status, b"")
    assert empty.message == "HTTP %d with an empty body" % status


def test_long_html_is_cut():
    error = errors.error_from_response(503, "<p>" + "x" * 5000 + "</p>")
    assert len(error.message) < 260 and error.message.endswith("...")


def test_unknown_prefix_still_maps_by_suffix_and_status():
    error = errors.error_from_response(409, b'{"errorCode": "OTHER_DEVICE_OFFLINE", "message": "m"}')
    assert isinstance(error, errors.DeviceOfflineError)
    assert errors.code_suffix("HPE_GL_ERROR_DEVICE_OFFLINE") == "DEVICE_OFFLINE"


def test_to_dict_has_the_fields_modules_return():
    error = errors.DeviceOfflineError("Device X is offline", status_code=409, error_code="HPE_GL_ERROR_DEVICE_OFFLINE")
    assert error.to_dict() == dict(status_code=409, error_code="HPE_GL_ERROR_DEVICE_OFFLINE",
                                   message="Device X is offline", hint=errors.DeviceOfflineError.hint)


def test_a_busy_device_is_not_offline():
    """The contract's 409 for a device that is already rebooting: busy, with its own hint."""
    body = json.dumps({"httpStatusCode": 409, "errorCode": "HPE_GRAVITY_DEVICE_NOT_READY", "code": "DOWNSTREAM_SERVICE_ERROR",
                       "errorType": "CONFLICT", "serviceName": "troubleshooting",
                       "message": "Device already rebooting: CNXXXXXXXX"}).encode()
    error = errors.error_from_response(409, body)
    assert isinstance(error, errors.DeviceBusyError) and not isinstance(error, errors.DeviceOfflineError)
    assert str(error).startswith("Device busy: Device already rebooting") and "online but busy" in error.hint
    # Without a code a 409 still means offline, as before.
    assert isinstance(errors.error_from_response(409, b"{}"), errors.DeviceOfflineError)
