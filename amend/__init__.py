"""amend: versioned Vietnamese legal-document amendment engine."""
