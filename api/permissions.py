from typing import Any

from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission


class JobcenterMember(BasePermission):
    """Signed in (token or session) as a user of a jobcenter. A user outside any jobcenter
    (an operator) gets 404, as on the pages."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if getattr(user, "jobcenter_id", None) is None:
            raise NotFound
        return True
