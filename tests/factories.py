"""Test data. Applications and interviews are made through the services, as the app makes them,
so every application has its timeline and its reminders."""

import datetime

import factory
from django.utils import timezone

from accounts.models import User
from jobhunt import services as jobhunt
from jobhunt.models import Application, Company, Contact, Interview, Source, Status

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"seeker{n}@example.com")
    display_name = factory.Faker("first_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Company {n}")
    website = "https://example.com"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory, user=factory.SelfAttribute("..user"))
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@company.example")
    role = Contact.Role.RECRUITER


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory, user=factory.SelfAttribute("..user"))
    role_title = factory.Sequence(lambda n: f"Backend Engineer {n}")
    status = Status.APPLIED
    source = Source.JOB_BOARD
    interest = 3

    @classmethod
    def _create(cls, model_class, *, user, company, role_title, status, **fields):
        return jobhunt.application_create(user=user, company=company, role_title=role_title, status=status, **fields)


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    application = factory.SubFactory(ApplicationFactory)
    scheduled_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    kind = Interview.Kind.PHONE_SCREEN

    @classmethod
    def _create(cls, model_class, *, contacts=None, **fields):
        return jobhunt.interview_save(interview=model_class(**fields), contacts=contacts)
