import re

from django import template
from django.forms import Form
from django.http import HttpRequest
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def form_media(context: template.Context, form: Form) -> SafeString:
    """The form's scripts and import map, carrying this response's CSP nonce."""
    request: HttpRequest = context["request"]
    media = form.media
    nonce = getattr(request, "csp_nonce", "")
    if hasattr(media, "nonce"):
        return mark_safe(media.render(attrs={"nonce": str(nonce)}))  # noqa: S308 - by js_asset
    return mark_safe(media.render())  # noqa: S308 - rendered by Django


MENTION = re.compile(r"(?<![\w@])(@[\w.+-]{1,150})")


@register.filter
def mentions(text: str) -> SafeString:
    """A note's text, escaped, with each @mention set apart."""
    return mark_safe(  # noqa: S308 - the text is escaped first; only <strong> is added
        MENTION.sub(r'<strong class="mention">\1</strong>', escape(text))
    )
