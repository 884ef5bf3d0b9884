from django.contrib import admin

from editorial.admin import EditorialContentAdmin, PieceInlineMixin
from tests.bulletins.models import Bulletin, BulletinItem


class BulletinItemInline(PieceInlineMixin, admin.TabularInline):
    model = BulletinItem
    extra = 1


@admin.register(Bulletin)
class BulletinAdmin(EditorialContentAdmin):
    inlines = (BulletinItemInline,)
    check_prefetch = ("items",)
