import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import EmailConfirmation, User, UserType


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = "Test"
    last_name = "User"
    user_type = UserType.CLIENT
    is_active = True
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class SupplierFactory(UserFactory):
    user_type = UserType.SUPPLIER


class EmailConfirmationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailConfirmation

    user = factory.SubFactory(UserFactory, is_active=False)


def image_upload(name="me.png", size=(300, 200), fmt="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def admin_account_form(**fields: str) -> dict[str, str]:
    """A full post of Wagtail's account page (/admin/account/), its defaults overridden by `fields`."""
    return {
        "name_email-first_name": "Ada",
        "name_email-last_name": "Admin",
        "locale-preferred_language": "en",
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        **fields,
    }
