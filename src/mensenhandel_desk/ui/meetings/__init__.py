"""Overleggen: plan undermining meetings, their agenda, decisions, agenda and minutes."""
