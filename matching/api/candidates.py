"""The REST API's matching resources (issue 11.6): page views with JSON at the edges.
Serializers validate only; the same querysets scope to the user's jobcenter and the same
services write. Shapes are fixed by the issue, since case systems are written against them."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import Pagination
from jobcenter_crm.lib.dates import validate_date_in_bounds
from matching.models import Candidate
from matching.services import (
    candidate_access_log,
    candidate_delete,
    candidate_upsert,
    candidates_upsert_batch,
)
from matching.services.candidates import BATCH_LIMIT

TEXT = serializers.CharField(max_length=200, allow_blank=False, trim_whitespace=True)
LIST_MAX = 100


def _text_list() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=LIST_MAX, default=list
    )


class ExperienceSerializer(serializers.Serializer):
    occupation = serializers.CharField(max_length=200)
    years = serializers.FloatField(min_value=0, max_value=70)


class CandidateSerializer(serializers.Serializer):
    external_id = serializers.RegexField(
        r"^[^/\s?#]{1,64}$",
        max_length=64,
        required=False,
        error_messages={"invalid": _("Up to 64 characters, without spaces, / ? or #.")},
    )
    name = serializers.CharField(max_length=200)
    postal_code = serializers.RegexField(
        r"^[0-9]{4}$",
        error_messages={"invalid": _("Enter a Danish postal code of four digits.")},
    )
    max_commute_km = serializers.IntegerField(min_value=0, max_value=500, default=30)
    readiness = serializers.ChoiceField(
        choices=Candidate.Readiness.choices, default=Candidate.Readiness.JOB_READY
    )
    # Not in the body; optional, so case systems written to the issue still work.
    target_group = serializers.ChoiceField(
        choices=Candidate.TargetGroup.choices, default="", allow_blank=True
    )
    unemployed_since = serializers.DateField(
        allow_null=True, default=None, validators=[validate_date_in_bounds]
    )
    education = _text_list()
    # Not in the body either; optional, as target_group.
    courses = _text_list()
    experience = serializers.ListField(
        child=ExperienceSerializer(), max_length=LIST_MAX, default=list
    )
    wanted_occupations = _text_list()
    skills = _text_list()
    certificates = _text_list()
    driving_licences = _text_list()
    languages = _text_list()
    max_hours_per_week = serializers.IntegerField(
        min_value=1, max_value=80, allow_null=True, default=None
    )
    available_from = serializers.DateField(
        allow_null=True, default=None, validators=[validate_date_in_bounds]
    )


class ErrorSerializer(serializers.Serializer):
    """An error: `detail` for the request as a whole, or field names with their messages."""

    detail = serializers.CharField(required=False)


ERRORS = {
    400: OpenApiResponse(
        response=OpenApiTypes.OBJECT, description=_("Field names with a list of messages each.")
    ),
    401: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
}


class CandidateBatchResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()


def _representation(candidate: Candidate) -> dict[str, Any]:
    return {
        "external_id": candidate.external_id,
        "name": candidate.name,
        "postal_code": candidate.postal_code,
        "max_commute_km": candidate.max_commute_km,
        "readiness": candidate.readiness,
        "target_group": candidate.target_group,
        "unemployed_since": candidate.unemployed_since,
        "education": candidate.education,
        "courses": candidate.courses,
        "experience": candidate.experience,
        "wanted_occupations": candidate.wanted_occupations,
        "skills": candidate.skills,
        "certificates": candidate.certificates,
        "driving_licences": candidate.driving_licences,
        "languages": candidate.languages,
        "max_hours_per_week": candidate.max_hours_per_week,
        "available_from": candidate.available_from,
    }


def _output(candidate: Candidate) -> dict[str, Any]:
    return CandidateSerializer(_representation(candidate)).data


class CandidateList(generics.ListAPIView):
    """The jobcenter's candidates, by name (paginated)."""

    serializer_class = CandidateSerializer
    pagination_class = Pagination

    def get_queryset(self) -> Any:
        return Candidate.objects.for_user(self.request.user).order_by("name", "pk")

    @extend_schema(
        responses={200: CandidateSerializer(many=True), 401: ERRORS[401], 404: ERRORS[404]}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        candidate_access_log(
            user=self.request.user, kind="api", candidate_ids=[c.pk for c in page or []]
        )
        return page


class CandidateDetail(APIView):
    def _get(self, request: Request, external_id: str) -> Candidate:
        return Candidate.objects.get_for_user_or_404(request.user, external_id=external_id)

    @extend_schema(responses={200: CandidateSerializer, **ERRORS})
    def get(self, request: Request, external_id: str) -> Response:
        candidate = self._get(request, external_id)
        candidate_access_log(user=request.user, kind="api", candidate_ids=[candidate.pk])
        return Response(_output(candidate))

    @extend_schema(
        request=CandidateSerializer,
        responses={200: CandidateSerializer, 201: CandidateSerializer, **ERRORS},
    )
    def put(self, request: Request, external_id: str) -> Response:
        """Create or replace the candidate (idempotent)."""
        serializer = CandidateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.pop("external_id", external_id) != external_id:
            raise serializers.ValidationError(
                {"external_id": [_("Must be the same as the id in the address.")]}
            )
        if len(external_id) > 64 or any(char in external_id for char in " /?#"):
            raise serializers.ValidationError(
                {"external_id": [_("Up to 64 characters, without spaces, / ? or #.")]}
            )
        candidate, created = candidate_upsert(
            jobcenter=request.user.jobcenter,
            external_id=external_id,
            data=data,  # type: ignore[arg-type]
        )
        return Response(
            _output(candidate), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request: Request, external_id: str) -> Response:
        candidate_delete(candidate=self._get(request, external_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CandidateBatch(APIView):
    @extend_schema(
        request=CandidateSerializer(many=True),
        responses={200: CandidateBatchResultSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        """Create or replace up to 1,000 candidates in one request: all or nothing."""
        if not isinstance(request.data, list):
            raise serializers.ValidationError(
                {"non_field_errors": [_("Send a list of candidates.")]}
            )
        if len(request.data) > BATCH_LIMIT:
            raise serializers.ValidationError(
                {"non_field_errors": [_("At most 1,000 candidates per batch.")]}
            )
        # Every bad row is reported, by its position in the list; nothing is written then.
        rows = []
        errors: dict[str, Any] = {}
        for number, item in enumerate(request.data):
            serializer = CandidateSerializer(data=item)
            if not serializer.is_valid():
                errors[str(number)] = serializer.errors
            elif not serializer.validated_data.get("external_id"):
                errors[str(number)] = {"external_id": [_("This field is required.")]}
            else:
                rows.append(dict(serializer.validated_data))
        if errors:
            raise serializers.ValidationError(errors)
        with transaction.atomic():
            result = candidates_upsert_batch(jobcenter=request.user.jobcenter, rows=rows)  # type: ignore[arg-type]
        return Response(result)
