"""What every app's web forms share. Forms only collect raw input: every rule is checked once, by the services,
and a :class:`~common.errors.RuleViolation` is shown back next to the fields it names (:meth:`ProblemForm.show`),
rendered by ``{% render_field %}`` (``common/_field.html``) and ``common/_problems.html``."""

from django import forms
from django.utils.translation import get_language

TEXT_MAX = 4000


class ShownProblem:
    """A service problem as the page shows it: the active language first, the other one smaller."""

    def __init__(self, problem):
        self.code = problem.code
        zh_first = (get_language() or "zh-hans").startswith("zh")
        self.message = problem.zh if zh_first else problem.en
        self.other = problem.en if zh_first else problem.zh


class ProblemForm(forms.Form):
    """A form whose errors come from the services' bilingual problems rather than from Django validators."""

    # Maps the service's field names onto this form's fields when they differ.
    field_aliases: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.general_problems: list[ShownProblem] = []
        for field in self.fields.values():
            field.problems = []

    def field_for(self, name: str):
        """The form field a service's field name points at: itself, without the ``changes.`` of an event, by
        alias, or the head of a dotted path (``income.donations`` → ``income``); None for the form as a whole."""
        bare = name.removeprefix("changes.")
        for candidate in (name, bare, self.field_aliases.get(bare, bare), bare.split(".")[0]):
            if candidate in self.fields:
                return self.fields[candidate]
        return None

    def show(self, violation) -> None:
        for problem in violation.problems:
            target = self.field_for(problem.field or "")
            if target is None:
                self.general_problems.append(ShownProblem(problem))
                continue
            target.problems.append(ShownProblem(problem))
            target.widget.attrs["aria-invalid"] = "true"

    @property
    def has_problems(self) -> bool:
        return bool(self.general_problems) or any(f.problems for f in self.fields.values())

    def filled(self, names) -> dict:
        """The cleaned values of ``names`` that the user actually filled in."""
        return {n: self.cleaned_data[n] for n in names if self.cleaned_data.get(n) not in (None, "")}

    def raw(self) -> dict:
        """The cleaned values, as the service reads them (it checks everything itself)."""
        return dict(self.cleaned_data)


# ``required`` below only sets the browser hint; the service decides and explains what is missing.
def text(label, *, required=False, max_length=200, help_text="", **attrs):
    widget_attrs = {"required": True} if required else {}
    widget_attrs.update(attrs)
    return forms.CharField(label=label, required=False, max_length=max_length, help_text=help_text,
                           widget=forms.TextInput(attrs=widget_attrs))


def area(label, *, required=False, help_text="", rows=3):
    attrs = {"rows": rows, **({"required": True} if required else {})}
    return forms.CharField(label=label, required=False, max_length=TEXT_MAX, help_text=help_text,
                           widget=forms.Textarea(attrs=attrs))


def day(label, *, required=False, help_text=""):
    attrs = {"type": "date", **({"required": True} if required else {})}
    return forms.CharField(label=label, required=False, max_length=20, help_text=help_text,
                           widget=forms.DateInput(attrs=attrs))


def choice(label, choices, *, blank=True, required=False, help_text=""):
    options = ([("", "—")] if blank else []) + list(choices)
    field = forms.ChoiceField(label=label, choices=options, required=False, help_text=help_text)
    if required:
        field.widget.attrs["required"] = True
    return field
