/** Honest placeholder: compression sweeps are planned, not built. */
export function CompressPage() {
  return (
    <section className="page" data-testid="page-compress">
      <h2>Compress</h2>
      <p className="notice">
        Not built yet. This page will sweep magnitude pruning, int8 post-training quantisation, weight
        clustering and their combinations over a trained model, and plot size and accuracy against the
        per-group gap (after Stoychev & Gunes, 2022). Nothing here runs today.
      </p>
    </section>
  );
}
