"""What stakeholders send in: comment periods, proposals, comments, compilations (issues 3 and 5)."""
