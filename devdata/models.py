from django.conf import settings
from django.db import models


class FloorRow(models.Model):
    """The one row the benchmark's floor POST writes: the cheapest write a logged-in
    form can make, against which the product's own writes are compared."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.created_by_id} {self.created_at:%Y-%m-%d %H:%M:%S}"
