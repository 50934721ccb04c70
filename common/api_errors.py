"""One error shape for the whole API, in both languages.

Every error response is ``{"errors": [{"code", "field", "message_zh", "message_en"}, ...]}``. Services
already refuse with :class:`common.errors.RuleViolation` (rule id, field, zh, en); everything DRF raises
itself (serializer validation, malformed JSON, authentication, permissions, unknown URLs, throttling) is
translated here into the same shape, so a client handles one format.
"""

import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from common.errors import RuleViolation

# DRF's standard validation codes. Some messages carry the field's limit; DRF keeps only the rendered
# text, not the parameter, so "{n}" is taken back from the first number in that text.
VALIDATION_MESSAGES = {
    "required": ("必填项不能为空", "this field is required"),
    "null": ("不能为空值（null）", "this field may not be null"),
    "blank": ("不能为空白", "this field may not be blank"),
    "max_length": ("长度超过上限 {n} 个字符", "longer than the limit of {n} characters"),
    "min_length": ("长度少于下限 {n} 个字符", "shorter than the minimum of {n} characters"),
    "min_value": ("数值应不小于 {n}", "value must be at least {n}"),
    "max_value": ("数值应不大于 {n}", "value must be at most {n}"),
    "max_digits": ("数字总位数不能超过 {n}", "no more than {n} digits in total"),
    "max_decimal_places": ("小数位数不能超过 {n}", "no more than {n} decimal places"),
    "max_whole_digits": ("整数位数不能超过 {n}", "no more than {n} digits before the decimal point"),
    "max_string_length": ("数值过大", "value too large"),
    "invalid": ("格式无效", "invalid value"),
    "invalid_choice": ("不是有效的选项", "not a valid choice"),
    "incorrect_type": ("类型不正确", "incorrect type"),
    "not_a_list": ("应为列表", "expected a list"),
    "not_a_dict": ("应为对象", "expected an object"),
    "empty": ("不能为空列表", "this list may not be empty"),
    "does_not_exist": ("引用的对象不存在", "the referenced object does not exist"),
    "date": ("应为日期，而不是日期时间", "expected a date but got a datetime"),
    "datetime": ("应为日期时间，而不是日期", "expected a datetime but got a date"),
    "make_aware": ("该时间在本时区无效", "invalid time in this time zone"),
    "overflow": ("日期时间超出范围", "datetime out of range"),
    "unique": ("该值已存在", "this value already exists"),
    "authorization": ("用户名或密码错误，或未提供", "unable to log in with the credentials provided"),
}
# Errors that are not about one field: (code, zh, en), keyed by the DRF exception class.
REQUEST_ERRORS = {
    exceptions.ParseError: ("MALFORMED-JSON", "请求体不是有效的 JSON", "the request body is not valid JSON"),
    exceptions.NotAuthenticated: ("AUTH-REQUIRED", "需要登录或提供令牌", "authentication is required"),
    exceptions.AuthenticationFailed: ("AUTH-FAILED", "身份验证失败（令牌无效或账号已停用）",
                                      "authentication failed (invalid token or inactive account)"),
    exceptions.PermissionDenied: ("FORBIDDEN", "无权执行此操作", "you do not have permission to perform this action"),
    exceptions.NotFound: ("NOT-FOUND", "未找到请求的资源", "not found"),
    exceptions.MethodNotAllowed: ("METHOD-NOT-ALLOWED", "不支持此请求方法", "this HTTP method is not allowed here"),
    exceptions.NotAcceptable: ("NOT-ACCEPTABLE", "无法提供所请求的响应格式", "cannot produce the requested response format"),
    exceptions.UnsupportedMediaType: ("UNSUPPORTED-MEDIA-TYPE", "不支持的请求体格式，请使用 JSON",
                                      "unsupported request media type; send JSON"),
    exceptions.Throttled: ("THROTTLED", "请求过于频繁，请稍后再试", "too many requests; please retry later"),
}
# Permission classes may name a more specific reason through their ``code``; the code stays FORBIDDEN.
PERMISSION_MESSAGES = {
    "registration_staff_only": ("只有登记管理机关工作人员或系统管理员可以办理登记",
                                "only registration-authority officers and administrators may register"),
}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class ErrorItemSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Rule id or error code, e.g. USCC-CHECK, MAX-LENGTH, NOT-FOUND.")
    field = serializers.CharField(allow_null=True, help_text="The input field (dotted path), or null.")
    message_zh = serializers.CharField()
    message_en = serializers.CharField()
    value = serializers.CharField(required=False, help_text="The offending value, when useful.")


class ErrorResponseSerializer(serializers.Serializer):
    """Every error response: one entry per problem, each naming its rule or code and field, in zh and en."""

    errors = ErrorItemSerializer(many=True)


def error_responses(*statuses: int) -> dict:
    """For ``extend_schema(responses=...)``: document these statuses as the error shape."""
    return {status: OpenApiResponse(ErrorResponseSerializer, description=_STATUS_TEXT.get(status, "Error"))
            for status in statuses}


_STATUS_TEXT = {
    400: "Invalid input: every problem, each with its rule id, field and messages in zh and en",
    401: "Authentication required (AUTH-REQUIRED) or failed (AUTH-FAILED)",
    403: "Not allowed (FORBIDDEN), or outside the officer's jurisdiction (JURISDICTION)",
    404: "Not found, or not visible to this user (NOT-FOUND)",
    429: "Too many requests (THROTTLED; the Retry-After header gives the seconds to wait), or one batch larger "
         "than the whole limit (THROTTLE-BATCH)",
}


def error(code: str, field, zh: str, en: str) -> dict:
    return {"code": code, "field": field, "message_zh": zh, "message_en": en}


def validation_errors(detail, field=None) -> list[dict]:
    """Flatten DRF's nested error detail into one entry per message, with a dotted field path."""
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = None if key == api_settings.NON_FIELD_ERRORS_KEY else str(key)
            out.extend(validation_errors(value, f"{field}.{name}" if field and name else (name or field)))
        return out
    if isinstance(detail, list):
        out = []
        for index, item in enumerate(detail):
            nested = isinstance(item, (dict, list))
            out.extend(validation_errors(item, f"{field}.{index}" if nested and field else field))
        return out
    code = getattr(detail, "code", None) or "invalid"
    text = str(detail)
    zh, en = VALIDATION_MESSAGES.get(code, (text, text))
    number = _NUMBER.search(text)
    limit = number.group(0) if number else "?"
    return [error(code.upper().replace("_", "-"), field, zh.format(n=limit), en.format(n=limit))]


def _request_error(exc: exceptions.APIException) -> dict:
    for cls in type(exc).__mro__:
        if cls in REQUEST_ERRORS:
            code, zh, en = REQUEST_ERRORS[cls]
            break
    else:
        code, zh, en = exc.default_code.upper().replace("_", "-"), str(exc.detail), str(exc.detail)
    if isinstance(exc, exceptions.PermissionDenied):
        zh, en = PERMISSION_MESSAGES.get(getattr(exc.detail, "code", None), (zh, en))
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        zh, en = f"{zh}（{int(exc.wait)} 秒后）", f"{en} (in {int(exc.wait)} s)"
    return error(code, None, zh, en)


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: RuleViolation keeps its status and problems; DRF errors get the same shape."""
    if isinstance(exc, RuleViolation):
        set_rollback()
        return Response(exc.as_dict(), status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)  # keeps DRF's headers (WWW-Authenticate, Retry-After, Allow)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"errors": validation_errors(exc.detail)}
    else:
        response.data = {"errors": [_request_error(exc)]}
    return response
