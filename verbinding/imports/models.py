"""Imports: a record of every import run, and the bank payments that could not be matched."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from verbinding.households.models import Tenancy
from verbinding.ledger.models import LedgerEntry


class ImportKind(models.TextChoices):
    HOUSEHOLDS = "households", _("Households")
    TENANCIES = "tenancies", _("Tenancies")
    LEDGER = "ledger", _("Rent ledger")
    BANK = "bank", _("Bank statement")


class ImportStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Imported")
    REJECTED = "rejected", _("Rejected")
    FAILED = "failed", _("Failed")


class ImportRun(models.Model):
    """One attempt to import one file: who, when, what, and what came of it."""

    kind = models.CharField(_("kind"), max_length=12, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.RUNNING
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_hash = models.CharField(_("file hash (SHA-256)"), max_length=64, db_index=True)
    file_size = models.BigIntegerField(_("file size (bytes)"), default=0)
    file_format = models.CharField(_("format"), max_length=80, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_by_label = models.CharField(_("started by (as recorded)"), max_length=150)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    unmatched_count = models.PositiveIntegerField(_("unmatched"), default=0)
    skipped_count = models.PositiveIntegerField(_("skipped"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected lines"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # [{"kind": "unbalanced" | "continuity" | "same_money", "message": "..."}]: what was imported
    # anyway (a statement that does not add up, with --allow-unbalanced), what does not follow on
    # (a gap or overlap between statements), and what was recognised as already booked.
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    allow_unbalanced = models.BooleanField(
        _("statements that do not add up allowed"), default=False
    )
    message = models.CharField(_("message"), max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status != ImportStatus.RUNNING

    @property
    def warning_count(self) -> int:
        return sum(1 for w in self.warnings if w.get("kind") != WarningKind.SAME_MONEY)


class WarningKind:
    UNBALANCED = "unbalanced"  # imported although it does not add up (--allow-unbalanced)
    CONTINUITY = "continuity"  # does not follow on from the previous statement
    SAME_MONEY = "same_money"  # transactions already booked from the other format (a note)


class StatementFamily(models.TextChoices):
    MT940 = "mt940", "MT940"
    CAMT053 = "camt053", "camt.053"
    VERA = "vera", "VERA JSON"  # posted through the API (bankafschriften)


class BankStatement(models.Model):
    """One imported bank statement: its account, number and balances (for the continuity check)."""

    import_run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="statements", verbose_name=_("import")
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64, unique=True)
    family = models.CharField(_("format"), max_length=8, choices=StatementFamily.choices)
    file_format = models.CharField(_("format version"), max_length=40, blank=True)
    account_iban = models.CharField(_("our account"), max_length=34)
    statement_id = models.CharField(_("statement reference"), max_length=140, blank=True)
    number = models.PositiveIntegerField(_("statement number"), null=True, blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    opening_cents = models.BigIntegerField(_("opening balance (cents)"), null=True, blank=True)
    opening_on = models.DateField(_("opening date"), null=True, blank=True)
    closing_cents = models.BigIntegerField(_("closing balance (cents)"), null=True, blank=True)
    closing_on = models.DateField(_("closing date"), null=True, blank=True)
    balanced = models.BooleanField(_("adds up"), default=True)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)

    class Meta:
        ordering = ["account_iban", "closing_on", "number", "id"]
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        indexes = [
            models.Index(
                fields=["account_iban", "family", "closing_on"], name="statement_chain_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_iban} {self.number or self.statement_id} {self.closing_on}"


class BankTransaction(models.Model):
    """A payment or storno read from a statement, once per format it arrived in.

    ``same_as`` points to the same money read earlier from the other format (MT940 and camt.053
    side by side): such a transaction is not booked again. One copy per format at most.
    """

    statement = models.ForeignKey(
        BankStatement, on_delete=models.PROTECT, related_name="transactions"
    )
    external_ref = models.CharField(_("reference"), max_length=80, unique=True)
    family = models.CharField(_("format"), max_length=8, choices=StatementFamily.choices)
    account_iban = models.CharField(_("our account"), max_length=34)
    booked_on = models.DateField(_("date"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    direction = models.CharField(_("direction"), max_length=10)
    counterparty_iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    end_to_end_id = models.CharField(_("end-to-end id"), max_length=140, blank=True)
    mandate_id = models.CharField(_("mandate"), max_length=140, blank=True)
    same_as = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="copies"
    )

    class Meta:
        verbose_name = _("bank transaction")
        verbose_name_plural = _("bank transactions")
        indexes = [
            models.Index(
                fields=["account_iban", "booked_on", "amount_cents"], name="banktx_money_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["same_as", "family"],
                condition=models.Q(same_as__isnull=False),
                name="banktx_one_copy_per_format",
            )
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount_cents} {self.counterparty_iban}"


class UnmatchedStatus(models.TextChoices):
    OPEN = "open", _("To assign")
    ASSIGNED = "assigned", _("Assigned")


class UnmatchedPayment(models.Model):
    """A bank credit or storno that no rule could tie to a tenancy: waits for a person."""

    import_run = models.ForeignKey(
        ImportRun, on_delete=models.PROTECT, related_name="unmatched", verbose_name=_("import")
    )
    external_ref = models.CharField(_("reference"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=10)  # payment or reversal (EntryKind values)
    booked_on = models.DateField(_("date"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))  # positive, as on the statement
    account_iban = models.CharField(_("our account"), max_length=34, blank=True)
    counterparty_name = models.CharField(_("name"), max_length=140, blank=True)
    counterparty_iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    remittance = models.CharField(_("description"), max_length=500, blank=True)
    creditor_reference = models.CharField(_("payment reference"), max_length=140, blank=True)
    return_reason = models.CharField(_("return reason"), max_length=4, blank=True)
    why = models.CharField(_("why not matched"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=UnmatchedStatus.choices, default=UnmatchedStatus.OPEN
    )
    tenancy = models.ForeignKey(
        Tenancy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    ledger_entry = models.OneToOneField(
        LedgerEntry, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["booked_on", "id"]
        verbose_name = _("unmatched payment")
        verbose_name_plural = _("unmatched payments")
        indexes = [models.Index(fields=["status", "booked_on"], name="unmatched_status_idx")]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount_cents} {self.counterparty_name}"
