"""Tenant appreciation."""
