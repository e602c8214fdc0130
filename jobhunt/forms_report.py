"""The range of the search log (jobhunt.report): both ends included, the last eight weeks when
nothing is asked."""

from datetime import date, timedelta

from django import forms

from jobhunt import report
from jobhunt.forms import DATE

# Dates outside these can't be a job search that Rebound recorded (and keep date arithmetic safe).
EARLIEST = date(1990, 1, 1)
MOST_DAYS_AHEAD = 366


class SearchLogRangeForm(forms.Form):
    """The range of the log: both ends included. Either end left empty takes its default (the
    last eight weeks, ending today)."""

    start = forms.DateField(label="From", required=False, widget=DATE)
    end = forms.DateField(label="To", required=False, widget=DATE)

    def __init__(self, data=None, *, today: date):
        self.today = today
        start, end = report.default_range(today)
        super().__init__(data, initial={"start": start, "end": end})

    def _in_bounds(self, name: str) -> date | None:
        day = self.cleaned_data.get(name)
        if day is None:
            return None
        if day < EARLIEST:
            raise forms.ValidationError(f"Pick a date from {EARLIEST.year} on.")
        if day > self.today + timedelta(days=MOST_DAYS_AHEAD):
            raise forms.ValidationError("Pick a date no more than a year from now.")
        return day

    def clean_start(self):
        return self._in_bounds("start")

    def clean_end(self):
        return self._in_bounds("end")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        end = data.get("end") or max(self.today, data.get("start") or self.today)
        start = data.get("start") or end - timedelta(weeks=report.DEFAULT_WEEKS)
        if start > end:
            self.add_error("start", "This comes after the “To” date: pick a day on or before it.")
        elif start < _years_before(end, report.MAX_YEARS):
            self.add_error("start", f"Pick a range of {report.MAX_YEARS} years or less.")
        data["start"], data["end"] = start, end
        return data

    @property
    def refused(self) -> bool:
        return self.is_bound and not self.is_valid()

    def range(self) -> tuple[date, date]:
        """The range asked for, or the default one when nothing was asked (call after `refused`)."""
        if not self.is_bound:
            return report.default_range(self.today)
        return self.cleaned_data["start"], self.cleaned_data["end"]


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
