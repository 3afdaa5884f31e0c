from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlySummarySent(models.Model):
    """The monthly summary e-mailed to one team lead for one month: the claim that keeps
    a retried or doubled task from sending it twice."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(_("month"))  # the first day of the month summarised
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("monthly summary sent")
        verbose_name_plural = _("monthly summaries sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="one_summary_per_month"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="summary_month_is_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.month:%Y-%m}"
