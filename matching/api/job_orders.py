"""Job orders through the API: POST/GET/PATCH, close, and the ranked matches. The writes
call the same services as the company page's order form (matching.services.job_orders)."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from companies.models import Company
from jobcenter_crm.lib.dates import validate_date_in_bounds
from matching.engine import rank_for_order
from matching.models import Candidate, JobOrder, Placement
from matching.services import (
    job_order_close,
    job_order_create,
    job_order_update,
    placement_record,
)

from .candidates import ERRORS


def _texts() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=50, default=list
    )


class RequirementsSerializer(serializers.Serializer):
    education = _texts()
    skills = _texts()
    certificates = _texts()
    driving_licences = _texts()
    languages = _texts()


class WishesSerializer(serializers.Serializer):
    skills = _texts()
    experience_years = serializers.IntegerField(
        min_value=0, max_value=60, allow_null=True, default=None
    )


class JobOrderSerializer(serializers.Serializer):
    code = serializers.UUIDField(read_only=True)
    company_cvr = serializers.RegexField(
        r"^[0-9]{8}$", error_messages={"invalid": _("A CVR number has 8 digits.")}
    )
    title = serializers.CharField(max_length=200)
    occupation = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_blank=True, default="", max_length=10000)
    kind = serializers.ChoiceField(choices=JobOrder.Kind.choices)
    postal_code = serializers.RegexField(
        r"^[0-9]{4}$", error_messages={"invalid": _("Enter a Danish postal code of four digits.")}
    )
    hours_per_week = serializers.IntegerField(min_value=1, max_value=80, default=37)
    openings = serializers.IntegerField(min_value=1, max_value=999, default=1)
    start_date = serializers.DateField(
        allow_null=True, default=None, validators=[validate_date_in_bounds]
    )
    requirements = RequirementsSerializer(required=False)
    wishes = WishesSerializer(required=False)
    status = serializers.CharField(read_only=True)
    received_at = serializers.DateTimeField(read_only=True)
    respond_by = serializers.DateTimeField(read_only=True)


class CloseSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[
            (value, label)
            for value, label in JobOrder.Status.choices
            if value in JobOrder.CLOSED_STATUSES
        ]
    )
    outcome_note = serializers.CharField(allow_blank=True, default="", max_length=2000)


class MatchCandidateSerializer(serializers.Serializer):
    external_id = serializers.CharField()
    name = serializers.CharField()


class CriterionSerializer(serializers.Serializer):
    name = serializers.CharField()
    score = serializers.FloatField()
    weight = serializers.FloatField()
    explanation = serializers.CharField()


class MatchSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    score = serializers.IntegerField()
    candidate = MatchCandidateSerializer()
    criteria = CriterionSerializer(many=True)


class MatchListSerializer(serializers.Serializer):
    results = MatchSerializer(many=True)


class PlacementStepInputSerializer(serializers.Serializer):
    candidate_external_id = serializers.CharField(max_length=64)
    status = serializers.ChoiceField(choices=Placement.Status.choices)
    # Absent: now. A step may be backdated, never recorded in the future.
    occurred_at = serializers.DateTimeField(
        required=False, allow_null=True, default=None, validators=[validate_date_in_bounds]
    )
    reason = serializers.CharField(allow_blank=True, default="", max_length=2000)
    note = serializers.CharField(allow_blank=True, default="", max_length=2000)


class PlacementStepSerializer(serializers.Serializer):
    status = serializers.CharField()
    occurred_at = serializers.DateTimeField()
    note = serializers.CharField()


class PlacementSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    # Null once the retention task has deleted the candidate: the order keeps its log.
    candidate = MatchCandidateSerializer(allow_null=True)
    status = serializers.CharField()
    rejection_reason = serializers.CharField()
    steps = PlacementStepSerializer(many=True)


def _placement_output(placement: Placement) -> Any:
    candidate = placement.candidate
    return PlacementSerializer(
        {
            "code": placement.code,
            "candidate": (
                {"external_id": candidate.external_id, "name": candidate.name}
                if candidate is not None
                else None
            ),
            "status": placement.status,
            "rejection_reason": placement.rejection_reason,
            "steps": [
                {"status": step.status, "occurred_at": step.occurred_at, "note": step.note}
                for step in placement.steps.order_by("occurred_at", "pk")
            ],
        }
    ).data


def _representation(order: JobOrder) -> dict[str, Any]:
    return {
        "code": order.code,
        "company_cvr": order.company.cvr or "",
        "title": order.title,
        "occupation": order.occupation,
        "description": order.description,
        "kind": order.kind,
        "postal_code": order.postal_code,
        "hours_per_week": order.hours_per_week,
        "openings": order.openings,
        "start_date": order.start_date,
        "requirements": {
            "education": order.required_education,
            "skills": order.required_skills,
            "certificates": order.required_certificates,
            "driving_licences": order.required_driving_licences,
            "languages": order.required_languages,
        },
        "wishes": {
            "skills": order.wished_skills,
            "experience_years": order.wished_experience_years,
        },
        "status": order.status,
        "received_at": order.received_at,
        "respond_by": order.respond_by,
    }


def _output(order: JobOrder) -> Any:
    return JobOrderSerializer(_representation(order)).data


def _django_errors(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "error_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"non_field_errors": error.messages})


def _get(request: Request, code: Any) -> JobOrder:
    return JobOrder.objects.select_related("company").get_for_user_or_404(request.user, code=code)


class JobOrderList(APIView):
    @extend_schema(request=JobOrderSerializer, responses={201: JobOrderSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        """Take a job order for a company in the CVR register (channel: case system)."""
        serializer = JobOrderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        company = Company.objects.active().filter(cvr=data.pop("company_cvr")).first()
        if company is None:
            raise ValidationError({"company_cvr": [_("No active company with this CVR number.")]})
        try:
            order = job_order_create(
                user=request.user,
                company=company,
                channel=JobOrder.Channel.API,
                requirements=data.pop("requirements", None),
                wishes=data.pop("wishes", None),
                **data,
            )
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return Response(_output(order), status=status.HTTP_201_CREATED)


class JobOrderDetail(APIView):
    @extend_schema(responses={200: JobOrderSerializer, **ERRORS})
    def get(self, request: Request, code: Any) -> Response:
        return Response(_output(_get(request, code)))

    @extend_schema(request=JobOrderSerializer, responses={200: JobOrderSerializer, **ERRORS})
    def patch(self, request: Request, code: Any) -> Response:
        """Change what the order says; only the fields sent change (a nested object
        replaces the whole object)."""
        order = _get(request, code)
        serializer = JobOrderSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if "company_cvr" in changes and changes.pop("company_cvr") != order.company.cvr:
            raise ValidationError({"company_cvr": [_("The company of an order cannot change.")]})
        try:
            order = job_order_update(order=order, user=request.user, **changes)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return Response(_output(_get(request, code)))


class JobOrderClose(APIView):
    @extend_schema(
        request=CloseSerializer, responses={200: JobOrderSerializer, 409: ERRORS[404], **ERRORS}
    )
    def post(self, request: Request, code: Any) -> Response:
        """Close the order with its outcome: filled, expired or withdrawn."""
        order = _get(request, code)
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            closed = job_order_close(order=order, user=request.user, **serializer.validated_data)
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        if not closed:
            return Response(
                {"detail": _("The order is already closed.")}, status=status.HTTP_409_CONFLICT
            )
        return Response(_output(_get(request, code)))


class JobOrderMatches(APIView):
    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description="1-100, default 20")],
        responses={200: MatchListSerializer, **ERRORS},
    )
    def get(self, request: Request, code: Any) -> Response:
        """The jobcenter's candidates ranked for the order, best first, each criterion's
        contribution explained. The view is logged in the candidate access log."""
        order = _get(request, code)
        raw = request.query_params.get("limit", "20")
        if not raw.isdigit() or not 1 <= int(raw) <= 100:
            raise ValidationError({"limit": [_("A whole number from 1 to 100.")]})
        matches = rank_for_order(order, user=request.user, limit=int(raw))
        results = [
            {
                "rank": match.rank,
                "score": match.score,
                "candidate": {
                    "external_id": match.candidate.external_id,
                    "name": match.candidate.name,
                },
                "criteria": [
                    {
                        "name": criterion.name,
                        "score": criterion.score,
                        "weight": criterion.weight,
                        "explanation": criterion.explanation,
                    }
                    for criterion in match.criteria
                ],
            }
            for match in matches
        ]
        return Response({"results": results})


class JobOrderPlacements(APIView):
    @extend_schema(
        request=PlacementStepInputSerializer,
        responses={201: PlacementSerializer, **ERRORS},
    )
    def post(self, request: Request, code: Any) -> Response:
        """Record a step of the placement log for one of the jobcenter's candidates on the
        order: proposed, presented, interview, hired or rejected (with a reason). A
        candidate not yet on the order is put on it first. Presenting stops the response
        clock; the hire that fills the last opening closes the order as filled."""
        order = _get(request, code)
        serializer = PlacementStepInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        candidate = (
            Candidate.objects.for_user(request.user)
            .filter(external_id=data.pop("candidate_external_id"))
            .first()
        )
        if candidate is None:
            raise ValidationError(
                {"candidate_external_id": [_("No candidate of your jobcenter has this id.")]}
            )
        try:
            placement = placement_record(
                order=order, candidate=candidate, user=request.user, **data
            )
        except DjangoValidationError as error:
            raise _django_errors(error) from error
        return Response(_placement_output(placement), status=status.HTTP_201_CREATED)
