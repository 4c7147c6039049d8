"""What stakeholders send in: periods, proposals, comments, compilations (issues 3 and 5)."""
