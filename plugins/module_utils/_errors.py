# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""One exception type per meaning, and the mapping from an HTTP answer to it.

Both API versions are mapped: v1 codes start ``HPE_GL_ERROR_``, v1alpha1 codes
``HPE_GRAVITY_``. The HTTP status decides first, the code's suffix second (404
means a missing device on start and a missing task on poll), so an unknown
prefix or a proxy's HTML page still maps to something useful.
"""

from __future__ import annotations

import json

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_text

_CODE_PREFIXES = ("HPE_GL_ERROR_", "HPE_GRAVITY_")


class CentralError(Exception):
    """Base of every error this collection raises; carries what the user needs to act."""

    meaning = "Central API error"
    hint = "See the message from Central for details."

    def __init__(self, message, status_code=None, error_code=None, hint=None, retry_after=None):
        super().__init__(message)
        self.message = message
        self.status_code = status_code
        self.error_code = error_code
        self.retry_after = retry_after
        if hint:
            self.hint = hint

    def __str__(self):
        parts = ["%s: %s" % (self.meaning, self.message)]
        details = [text for text in (self.error_code, "HTTP %s" % self.status_code if self.status_code else None) if text]
        if details:
            parts.append("(%s)" % ", ".join(details))
        parts.append(self.hint)
        return " ".join(parts)

    def to_dict(self):
        """The fields modules return next to ``msg`` (no secrets are ever part of them)."""
        return dict(status_code=self.status_code, error_code=self.error_code,
                    message=self.message, hint=self.hint)


class ValidationError(CentralError):
    meaning = "Invalid request"
    hint = "Fix the option named in the message and run again."


class PolicyError(ValidationError):
    """A compliance policy (or the host variables it reads) that cannot be run: every problem found, in one message."""

    meaning = "Invalid compliance policy"
    hint = "Fix each check named in the message and run again; nothing was sent to Central."

    def __init__(self, problems):
        problems = list(problems)
        message = problems[0] if len(problems) == 1 else "%d problems: %s" % (
            len(problems), "; ".join("(%d) %s" % (number, problem) for number, problem in enumerate(problems, 1)))
        super().__init__(message)
        self.problems = problems


class HistoryError(CentralError):
    """The run history could not record a run whose reports are written."""

    meaning = "Run history not written"
    hint = "The reports of this run are written; fix the history (the cause is in the message) for the next run."


class AuthenticationError(CentralError):
    meaning = "Authentication failed"
    hint = ("Check client_id and client_secret (or access_token), and that token_url belongs to the "
            "same GreenLake workspace as the Central instance in base_url/cluster.")


class PermissionDeniedError(CentralError):
    meaning = "Permission denied"
    hint = "The API client lacks the right for this workspace or device; grant it in GreenLake."


class DeviceNotFoundError(CentralError):
    meaning = "Device not found"
    hint = ("Check serial_number and device_type; a stacked switch is addressed by its stack id, "
            "not the conductor's serial number.")


class TaskNotFoundError(CentralError):
    meaning = "Test task not found"
    hint = ("Check task_id (or location), serial_number, device_type and test: a task is only found "
            "under the device and test that started it, and Central keeps results for a limited time.")


class DeviceOfflineError(CentralError):
    meaning = "Device offline"
    hint = "The device is not connected to Central; bring it online and run the test again."


class DeviceBusyError(CentralError):
    meaning = "Device busy"
    hint = ("The device is online but busy with another operation (rebooting, locating); run again once it is "
            "done.")


class RateLimitError(CentralError):
    meaning = "Rate limited"
    hint = "Lower requests_per_second or max_concurrency, or run again after the limit resets."


class ServerError(CentralError):
    meaning = "Central server error"
    hint = "A temporary fault at Central or a proxy; run again later."


class UnexpectedAnswerError(CentralError):
    meaning = "Unexpected answer from Central"
    hint = ("Central (or a proxy) answered in a shape this collection does not read; nothing was sent on the "
            "strength of it. Run again; report it if it persists.")


class TransportError(CentralError):
    meaning = "Cannot reach Central"
    hint = "Check base_url/cluster, DNS, proxy settings (HTTPS_PROXY) and validate_certs."


class DeadlineError(TransportError):
    meaning = "No answer in time"
    hint = "Central did not answer before wait_timeout ran out; raise wait_timeout or read_timeout."


class CentralUnreachableError(TransportError):
    meaning = "Central unreachable"
    hint = ("Nothing answered for a whole retry window, so nothing more was sent; check base_url/cluster, DNS, "
            "the network and Central's status, then run again.")

    def __init__(self, message, since=None, **kwargs):
        super().__init__(message, **kwargs)
        self.since = since


class DiagnosticFailedError(CentralError):
    meaning = "Diagnostic test failed"
    hint = "The device ran the test but it failed; see fail_reason."


class WaitTimeoutError(CentralError):
    meaning = "Timed out waiting for the test"
    hint = "Raise wait_timeout, or fetch the result later with arubacentral.troubleshooting.test_result_info."


_BY_STATUS = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    409: DeviceOfflineError,
    429: RateLimitError,
}

_BY_SUFFIX = {
    "BAD_REQUEST": ValidationError,
    "UNAUTHORIZED": AuthenticationError,
    "FORBIDDEN": PermissionDeniedError,
    "DEVICE_NOT_FOUND": DeviceNotFoundError,
    "TASK_NOT_FOUND": TaskNotFoundError,
    "DEVICE_OFFLINE": DeviceOfflineError,
    "DEVICE_NOT_READY": DeviceBusyError,
    "TOO_MANY_REQUESTS": RateLimitError,
    "INTERNAL_SERVER_ERROR": ServerError,
}


def code_suffix(error_code):
    """``HPE_GL_ERROR_DEVICE_OFFLINE`` and ``HPE_GRAVITY_DEVICE_OFFLINE`` -> ``DEVICE_OFFLINE``."""
    if not error_code:
        return None
    for prefix in _CODE_PREFIXES:
        if error_code.startswith(prefix):
            return error_code[len(prefix):]
    return error_code


def parse_error_body(body):
    """Return (error_code, message) from a response body that may be JSON, HTML or empty."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else (body or "")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        data = None
    # Central's words reach consoles and reports: one line, no escape sequences, of a sane length.
    if isinstance(data, dict):
        code = data.get("errorCode") or data.get("error_code") or data.get("error")
        message = data.get("message") or data.get("error_description") or data.get("detail")
        return (clean_text(code, one_line=True, max_length=100) if code else None,
                clean_text(message, one_line=True, max_length=1000) if message else None)
    snippet = clean_text(text, one_line=True, max_length=200)
    if not snippet:
        return None, None
    return None, "non-JSON response: %s" % snippet


def error_from_response(status_code, body, on_poll=False, retry_after=None):
    """Map an HTTP error answer to the CentralError subclass for its meaning.

    ``on_poll`` says the request read a task, so a 404 with no usable code means
    the task (not the device) is missing.
    """
    error_code, message = parse_error_body(body)
    suffix = code_suffix(error_code)
    if status_code == 404:
        if suffix in ("DEVICE_NOT_FOUND", "TASK_NOT_FOUND"):
            cls = _BY_SUFFIX[suffix]
        else:
            cls = TaskNotFoundError if on_poll else DeviceNotFoundError
    elif status_code == 409 and suffix == "DEVICE_NOT_READY":
        # A 409 is busy, not offline, when the code says so ("Device already rebooting").
        cls = DeviceBusyError
    elif status_code in _BY_STATUS:
        cls = _BY_STATUS[status_code]
    elif status_code >= 500:
        cls = ServerError
    else:
        cls = _BY_SUFFIX.get(suffix, CentralError)
    return cls(message or "HTTP %s with an empty body" % status_code, status_code=status_code,
               error_code=error_code, retry_after=retry_after)
