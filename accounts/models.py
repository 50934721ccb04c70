"""Users and the jurisdiction each one acts for."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    OFFICER = "officer", _("Registration-authority officer")
    ORGANIZATION = "organization", _("Organization user")
    SUPERVISOR = "supervisor", _("Business supervisor user")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.OFFICER)
    division = models.ForeignKey(
        "divisions.Division",
        verbose_name=_("acts for division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("For officers: the registration authority's division (100000 for the Ministry). For business "
                    "supervisor users: the unit's jurisdiction (it covers organizations registered by authorities "
                    "in this division or below it)."),
    )
    organization_id_bound = models.BigIntegerField(
        _("bound organization"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("For organization users: the id of the one organization this account reports for."),
    )
    supervisor_unit = models.CharField(
        _("business supervisor unit"),
        max_length=200,
        blank=True,
        db_index=True,
        help_text=_("For business supervisor users (业务主管单位): the unit's name exactly as recorded as the "
                    "business supervisor of its organizations in the register."),
    )

    password_changed_at = models.DateTimeField(
        _("password last changed"), null=True, blank=True,
        help_text=_("Set whenever the password is set; the password age (accounts.two_factor) counts from it."))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        from django.utils import timezone

        self.password_changed_at = timezone.now()

    def clean(self):
        super().clean()
        if self.role == Role.OFFICER and not self.division_id:
            raise ValidationError({"division": _("An officer must act for a division.")})
        if self.role == Role.ORGANIZATION and not self.organization_id_bound:
            raise ValidationError({"organization_id_bound": _("An organization user must be bound to one organization.")})
        if self.role == Role.SUPERVISOR:
            self.supervisor_unit = (self.supervisor_unit or "").strip()
            errors = {}
            if not self.division_id:
                errors["division"] = _("A business supervisor user must have the division of its unit's jurisdiction.")
            if not self.supervisor_unit:
                errors["supervisor_unit"] = _("A business supervisor user must name its unit as the register records it.")
            if errors:
                raise ValidationError(errors)

    @property
    def is_admin(self) -> bool:
        return self.is_active and (self.is_superuser or self.role == Role.ADMIN)

    @property
    def is_officer(self) -> bool:
        return self.is_active and self.role == Role.OFFICER and self.division_id is not None

    @property
    def is_org_user(self) -> bool:
        return self.is_active and self.role == Role.ORGANIZATION and self.organization_id_bound is not None

    @property
    def is_supervisor_user(self) -> bool:
        """业务主管单位用户: sees the organizations its unit supervises within its division; never staff."""
        return (self.is_active and self.role == Role.SUPERVISOR and self.division_id is not None
                and bool(self.supervisor_unit.strip()))
