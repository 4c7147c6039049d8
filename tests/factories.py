"""Test data for the parts of the domain that are plain records (who takes part).

Text (documents, paragraphs, versions) is made through the real services instead, so tests see
exactly the history the app would record.
"""

import factory
from django.contrib.auth import get_user_model

from processes.models import Member, Process, Role, Stakeholder, StakeholderCategory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    name = factory.Sequence(lambda n: f"Preparatory Platform {n}")
    code = factory.Sequence(lambda n: f"MPP{n}")
    slug = factory.Sequence(lambda n: f"mpp{n}")
    time_zone = "Europe/Zurich"
    drafts_are_public = True


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stakeholder
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Country {n}")
    category = StakeholderCategory.GOVERNMENT


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    user = factory.SubFactory(UserFactory)
    process = factory.SubFactory(ProcessFactory)
    stakeholder = factory.SubFactory(StakeholderFactory)
    role = Role.DELEGATE
