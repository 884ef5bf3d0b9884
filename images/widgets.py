"""The library image field: a picture chosen from (or uploaded into) the image library.

Renders the chosen image's thumbnail and two buttons; static/js/image_field.js opens the
chooser (static/js/image_chooser.js, the same one the body editor uses) and fills the
hidden input with the chosen image's id. Configured through data-attributes only.
"""

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.utils.translation import gettext

from editorial.body_editor import chooser_json


class ImageChooserWidget(forms.Widget):
    template_name = "images/widgets/image_chooser.html"

    def get_context(self, name, value, attrs):
        from images.models import Image

        context = super().get_context(name, value, attrs)
        image = None
        if value:
            image = Image.objects.filter(pk=value).only("title", "alt", "card").first()
        context["image"] = image
        context["widget"]["config"] = chooser_json()
        context["choose_label"] = gettext("从图片库选择或上传…")
        context["clear_label"] = gettext("不用图片")
        return context

    @property
    def media(self):
        return forms.Media(
            css={"all": ("css/image_chooser.css",)},
            js=[forms.Script("js/image_field.js", type="module")],
        )


class ImageChooserAdminMixin:
    """A ModelAdmin whose ``image_fields`` (foreign keys to images.Image) use the chooser.

    The chooser adds and shows images itself, so the admin's add/change/view icons beside
    a foreign key are left out.
    """

    image_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name not in self.image_fields:
            return super().formfield_for_dbfield(db_field, request, **kwargs)
        kwargs["widget"] = ImageChooserWidget
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            formfield.widget = formfield.widget.widget
        return formfield
