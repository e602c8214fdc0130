"""Companies and the people the person meets there."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.pages import address_of
from jobhunt.models.common import HowApplied, OwnedQuerySet


class Company(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="companies")
    name = models.CharField(max_length=200)
    website = models.URLField(max_length=500, blank=True)
    notes = models.TextField(max_length=10_000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "companies"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("name"),
                "user",
                name="company_name_unique_per_user",
                violation_error_message="You already have a company with this name.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address_of("jobhunt:company_detail", self.pk)


class Contact(models.Model):
    class Role(models.TextChoices):
        RECRUITER = "recruiter", "Recruiter"
        HIRING_MANAGER = "hiring_manager", "Hiring manager"
        INTERVIEWER = "interviewer", "Interviewer"
        REFERRER = "referrer", "Referrer"
        OTHER = "other", "Other"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contacts")
    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts")
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.OTHER)
    linkedin_url = models.URLField("LinkedIn URL", max_length=500, blank=True)
    notes = models.TextField(max_length=10_000, blank=True)
    last_contacted = models.DateField(null=True, blank=True)
    relationship_strength = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 = met once, 5 = would happily vouch for you.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(relationship_strength__gte=1, relationship_strength__lte=5),
                name="contact_strength_1_to_5",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address_of("jobhunt:contact_detail", self.pk)


class Outreach(models.Model):
    """A conversation with someone at an employer, outside an application's own steps: the people
    reached in a week's plan ("I reached out"). The proof of the search lists those with a company."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outreach")
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="outreach")
    # The company as it was then (a person may move on; the log keeps where they were).
    company = models.ForeignKey(Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="outreach")
    day = models.DateField()
    how = models.CharField(max_length=10, choices=HowApplied.choices, default=HowApplied.EMAIL)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["user", "day"], name="outreach_user_day")]

    def __str__(self):
        return f"{self.contact or 'Someone'} on {self.day}"
