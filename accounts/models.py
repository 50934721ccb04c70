"""Users and the jurisdiction each one acts for."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    OFFICER = "officer", _("Registration-authority officer")
    ORGANIZATION = "organization", _("Organization user")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OFFICER)
    division = models.ForeignKey(
        "divisions.Division",
        verbose_name=_("acts for division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("For officers: the registration authority's division (100000 for the Ministry)."),
    )
    organization_id_bound = models.BigIntegerField(
        _("bound organization"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("For organization users: the id of the one organization this account reports for."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.role == Role.OFFICER and not self.division_id:
            raise ValidationError({"division": _("An officer must act for a division.")})
        if self.role == Role.ORGANIZATION and not self.organization_id_bound:
            raise ValidationError({"organization_id_bound": _("An organization user must be bound to one organization.")})

    @property
    def is_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == Role.ADMIN)

    @property
    def is_officer(self) -> bool:
        return self.is_active and self.role == Role.OFFICER and self.division_id is not None

    @property
    def is_org_user(self) -> bool:
        return self.is_active and self.role == Role.ORGANIZATION and self.organization_id_bound is not None
