"""Escalation guardrails."""
