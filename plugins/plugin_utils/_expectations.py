# -*- coding: utf-8 -*-
# Copyright: Contributors to the arubacentral.troubleshooting collection
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# Internal to arubacentral.troubleshooting: no stable interface, it may change in any release.
"""The expectation language of compliance policies: conditions on the typed result fields of a test
(catalogue.RESULT_FIELDS), compiled once and checked against each result.

A field's condition is a shorthand or a mapping of operators, all of which must hold::

    packet_loss_percent: "<= 5"          # <, <=, >, >=, ==, != and a number
    rtt_avg_ms: "10<->20"                # between, both ends included
    reachable: true                      # a boolean or a number: equal
    protocol: TCP                        # other text: equal (a list field: contains it)
    hop_addresses: {contains: 10.0.0.1}  # operators: see OPERATORS
    http_error: absent                   # present / absent

Conditions are checked against untrusted results: a number written as text counts, anything else that is not
what the field holds makes the result unreadable (an ``error`` verdict), never a traceback."""

from __future__ import annotations

import re

from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._catalogue import RESULT_FIELDS
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._errors import ValidationError
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._parse_values import to_float
from ansible_collections.arubacentral.troubleshooting.plugins.module_utils._text import clean_text

_COMPARISONS = {"<": "lt", "<=": "le", ">": "gt", ">=": "ge", "==": "eq", "!=": "ne"}
_NUMBER = r"-?\d+(?:\.\d+)?"
_COMPARISON = re.compile(r"\s*(<=|>=|==|!=|<|>)\s*(%s)\s*" % _NUMBER)
_BETWEEN = re.compile(r"\s*(%s)\s*<->\s*(%s)\s*" % (_NUMBER, _NUMBER))
# Found values shown in a report are cut to this many items.
SHOWN_ITEMS = 20

# Operator -> (the field kinds it applies to, what its operand is, how a report says it). The policy reference in
# the docs is generated from this table (hacking/policy_reference.py).
OPERATORS = dict(
    eq=(("number", "bool", "text"), "a value", "equal to the value"),
    ne=(("number", "bool", "text"), "a value", "anything but the value"),
    lt=(("number",), "a number", "less than"),
    le=(("number",), "a number", "at most"),
    gt=(("number",), "a number", "more than"),
    ge=(("number",), "a number", "at least"),
    between=(("number",), "[low, high]", "from low to high, both included"),
    one_of=(("number", "bool", "text"), "a list of values", "equal to one of them"),
    regex=(("text", "list"), "a regular expression", "matches (search); on a list, some item matches"),
    contains=(("list", "records"), "a value (records: a mapping of fields)",
              "some item equals it (records: some record has those field values)"),
    not_contains=(("list", "records"), "a value (records: a mapping of fields)", "no item equals it"),
    contains_any=(("list", "records"), "a list of values", "some item equals one of them"),
    contains_all=(("list", "records"), "a list of values", "each of them is an item"),
    length=(("list", "records"), "a condition on the count (a shorthand or operators)", "the number of items"),
    present=(("number", "bool", "text", "list", "records"), "true", "the field has a value (not null)"),
    absent=(("number", "bool", "text", "list", "records"), "true", "the field is null"),
)
KINDS = dict(number="a number (integer or decimal)", bool="true or false", text="text",
             list="a list of numbers or text", records="a list of objects")


class UnreadableResult(ValueError):
    """A result field that is not what its test returns; the verdict is ``error``, naming it."""


class Condition:
    """One operator on one field, with what a report says was wanted. Presets (_verdicts.py) add the reason a
    person reads (``reason(result)``), a ``gate`` that stops the checks after it when it fails, ``skip_missing``
    (not checked when the value is null or an empty list) and ``only_if`` (field, value)."""

    def __init__(self, field, kind, operator, operand, reason=None, gate=False, skip_missing=False, only_if=None):
        self.field, self.kind, self.operator, self.operand = field, kind, operator, operand
        self.reason, self.gate, self.skip_missing, self.only_if = reason, gate, skip_missing, only_if

    @property
    def wanted(self):
        return describe(self.operator, self.operand)


def describe(operator, operand):
    """What a report says was wanted: ``<= 5``, ``10<->20``, ``true``, ``contains 10.0.0.1``, ``length >= 3``."""
    symbols = dict((name, symbol) for symbol, name in _COMPARISONS.items())
    if operator == "eq":
        return _say(operand)
    if operator in symbols:
        return "%s %s" % (symbols[operator], _say(operand))
    if operator == "between":
        return "%s<->%s" % (_say(operand[0]), _say(operand[1]))
    if operator in ("present", "absent"):
        return operator
    if operator == "length":
        return "length " + " and ".join(describe(op, value) for op, value in operand)
    if operator == "regex":
        return "matches %s" % operand.pattern
    return "%s %s" % (operator.replace("_", " "), _say(operand))


def _say(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return "%d" % value
    if isinstance(value, (list, tuple)):
        return "[%s]" % ", ".join(_say(item) for item in value)
    if isinstance(value, dict):
        return "{%s}" % ", ".join("%s: %s" % (key, _say(item)) for key, item in sorted(value.items()))
    return str(value)


def compile_expect(test, expect, where):
    """The Conditions of ``expect`` (field -> condition) for ``test``; raise ValidationError naming ``where``
    (the check), the key and the allowed names for an unknown field or operator, or an operand that does not fit."""
    fields = RESULT_FIELDS[test]
    if expect is None:
        return []
    if not isinstance(expect, dict):
        raise ValidationError("%s: expect must be a mapping of result fields to conditions (got %s)"
                              % (where, type(expect).__name__))
    conditions = []
    for field, condition in expect.items():
        if field not in fields:
            raise ValidationError("%s: expect.%s is not a field of a %s result; fields: %s"
                                  % (where, field, test, ", ".join(sorted(fields))))
        conditions += _compile_field(field, fields[field], condition, "%s: expect.%s" % (where, field))
    return conditions


def _compile_field(field, kind, condition, where):
    if isinstance(condition, dict):
        if not condition:
            raise ValidationError("%s: an empty mapping states no condition" % where)
        return [_compile_operator(field, kind, operator, operand, where) for operator, operand in condition.items()]
    return [_shorthand(field, kind, condition, where)]


def _shorthand(field, kind, value, where):
    if isinstance(value, str):
        if value.strip() in ("present", "absent"):
            return Condition(field, kind, value.strip(), True)
        comparison, between = _COMPARISON.fullmatch(value), _BETWEEN.fullmatch(value)
        if comparison or between:
            if kind != "number":
                raise ValidationError("%s: %r compares numbers; %s is %s" % (where, value, field, KINDS[kind]))
            if comparison:
                return Condition(field, kind, _COMPARISONS[comparison.group(1)], float(comparison.group(2)))
            return _compile_operator(field, kind, "between", [float(between.group(1)), float(between.group(2))], where)
        if kind == "number":
            raise ValidationError("%s: %r is no number condition; write \"<= 5\", \"> 0\", \"10<->20\" or a number"
                                  % (where, value))
    if kind in ("list", "records"):
        if isinstance(value, list):
            return _compile_operator(field, kind, "contains_all", value, where)
        return _compile_operator(field, kind, "contains", value, where)
    return _compile_operator(field, kind, "eq", value, where)


def _compile_operator(field, kind, operator, operand, where):
    if operator not in OPERATORS:
        raise ValidationError("%s: unknown operator %r; operators: %s" % (where, operator, ", ".join(OPERATORS)))
    kinds = OPERATORS[operator][0]
    if kind not in kinds:
        raise ValidationError("%s: %s does not apply to %s (%s); it applies to %s"
                              % (where, operator, field, KINDS[kind], ", ".join(KINDS[name] for name in kinds)))
    where = "%s.%s" % (where, operator)
    if operator in ("present", "absent"):
        if operand is not True:
            raise ValidationError("%s: write %s: true" % (where, operator))
    elif operator in ("lt", "le", "gt", "ge") or (operator in ("eq", "ne") and kind == "number"):
        operand = _number_operand(operand, where)
    elif operator in ("eq", "ne"):
        operand = _scalar_operand(kind, operand, where)
    elif operator == "between":
        if not isinstance(operand, list) or len(operand) != 2:
            raise ValidationError("%s: write [low, high]" % where)
        operand = [_number_operand(value, where) for value in operand]
        if operand[0] > operand[1]:
            raise ValidationError("%s: low %s is above high %s" % (where, _say(operand[0]), _say(operand[1])))
    elif operator == "one_of":
        if not isinstance(operand, list) or not operand:
            raise ValidationError("%s: write a list of values" % where)
        operand = [_number_operand(value, where) if kind == "number" else _scalar_operand(kind, value, where)
                   for value in operand]
    elif operator == "regex":
        if not isinstance(operand, str):
            raise ValidationError("%s: write a regular expression as text" % where)
        try:
            operand = re.compile(operand)
        except re.error as error:
            raise ValidationError("%s: %r is not a regular expression: %s" % (where, operand, error))
    elif operator == "length":
        if isinstance(operand, dict):
            checks = [_compile_operator("length", "number", op, value, where) for op, value in operand.items()]
        else:
            checks = [_shorthand("length", "number", operand, where)]
        operand = [(check.operator, check.operand) for check in checks]
    elif operator in ("contains_any", "contains_all"):
        if not isinstance(operand, list) or not operand:
            raise ValidationError("%s: write a list of values" % where)
        operand = [_item_operand(kind, value, where) for value in operand]
    else:
        operand = _item_operand(kind, operand, where)
    return Condition(field, kind, operator, operand)


def _number_operand(value, where):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        number = to_float(value) if isinstance(value, str) else None
        if number is None:
            raise ValidationError("%s: %r is not a number" % (where, value))
        return number
    return float(value)


def _scalar_operand(kind, value, where):
    if kind == "bool" and not isinstance(value, bool):
        raise ValidationError("%s: write true or false (got %r)" % (where, value))
    if kind == "text" and not isinstance(value, (str, int, float)) or isinstance(value, (dict, list)):
        raise ValidationError("%s: write text (got %r)" % (where, value))
    return str(value) if kind == "text" else value


def _item_operand(kind, value, where):
    if kind == "records":
        if not isinstance(value, dict) or not value:
            raise ValidationError("%s: an item of a list of objects is a mapping of its fields (got %r)" % (where, value))
        return value
    if isinstance(value, (dict, list)) or value is None:
        raise ValidationError("%s: write a number or text (got %r)" % (where, value))
    return value


def _value(result, condition):
    """The field's value, checked against its kind; raise UnreadableResult, or KeyError for a missing field."""
    value = result[condition.field]
    if value is None:
        return None
    kind = condition.kind
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise UnreadableResult("%s is %s, not a number" % (condition.field, _shown(value)))
        number = value if not isinstance(value, str) else to_float(value)
        if number is None:
            raise UnreadableResult("%s is %s, not a number" % (condition.field, _shown(value)))
        return number
    if kind == "bool" and not isinstance(value, bool):
        raise UnreadableResult("%s is %s, not true or false" % (condition.field, _shown(value)))
    if kind == "text" and not isinstance(value, str):
        raise UnreadableResult("%s is %s, not text" % (condition.field, _shown(value)))
    if kind in ("list", "records") and not isinstance(value, list):
        raise UnreadableResult("%s is %s, not a list" % (condition.field, _shown(value)))
    return value


def _shown(value):
    return clean_text(repr(value), one_line=True, max_length=60)


def _same(item, wanted):
    """List items compare as numbers when both are numbers, else as text (a status code 200 equals "200")."""
    if isinstance(item, dict) or isinstance(wanted, dict):
        return isinstance(item, dict) and isinstance(wanted, dict) and all(
            _same(item.get(key), value) for key, value in wanted.items())
    number, other = to_float(item), to_float(wanted)
    if number is not None and other is not None and not isinstance(item, bool) and not isinstance(wanted, bool):
        return number == other
    return str(item).lower() == str(wanted).lower() if isinstance(item, str) and isinstance(wanted, str) \
        else item == wanted


def _holds(operator, operand, value):
    if operator == "present":
        return value is not None
    if operator == "absent":
        return value is None
    if value is None:
        return False
    if operator == "eq":
        return value == operand
    if operator == "ne":
        return value != operand
    if operator == "lt":
        return value < operand
    if operator == "le":
        return value <= operand
    if operator == "gt":
        return value > operand
    if operator == "ge":
        return value >= operand
    if operator == "between":
        return operand[0] <= value <= operand[1]
    if operator == "one_of":
        return value in operand
    if operator == "regex":
        items = value if isinstance(value, list) else [value]
        return any(operand.search(str(item)) for item in items if item is not None)
    if operator == "length":
        return all(_holds(op, limit, len(value)) for op, limit in operand)
    if operator == "contains":
        return any(_same(item, operand) for item in value)
    if operator == "not_contains":
        return not any(_same(item, operand) for item in value)
    if operator == "contains_any":
        return any(_same(item, wanted) for item in value for wanted in operand)
    return all(any(_same(item, wanted) for item in value) for wanted in operand)  # contains_all


def found(value):
    """A found value as a report shows it: lists cut to SHOWN_ITEMS items."""
    if isinstance(value, list) and len(value) > SHOWN_ITEMS:
        return value[:SHOWN_ITEMS] + ["... %d more" % (len(value) - SHOWN_ITEMS)]
    return value


def failed_conditions(result, conditions):
    """[(condition, found value)] of the conditions ``result`` does not meet, in order; a failed gate stops there.
    Raise UnreadableResult for a value that is not of its field's kind, KeyError for a field the result lacks."""
    failed = []
    for condition in conditions:
        if condition.only_if is not None and result[condition.only_if[0]] != condition.only_if[1]:
            continue
        value = _value(result, condition)
        if condition.skip_missing and value in (None, []):
            continue
        if not _holds(condition.operator, condition.operand, value):
            failed.append((condition, value))
            if condition.gate:
                break
    return failed
