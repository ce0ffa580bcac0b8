/** Placeholder until the audit flow is wired in. */
export function AuditPage() {
  return (
    <section className="page" data-testid="page-audit">
      <h2>Audit</h2>
      <p className="notice">
        Not built yet: loading a released tfjs model and auditing it per group comes next.
      </p>
    </section>
  );
}
