/** One paragraph at the top of the Train page: what is predicted, what the groups are, what the knobs do. */
export function TrainIntro() {
  return (
    <div className="card intro" data-testid="train-intro">
      <p>
        A small network learns to read the <strong>facial expression</strong> (neutral, happy, sad, surprised)
        of synthetic faces, and the lab compares how often it is right for each <strong>group</strong>: skin
        tone “light” / “dark” or age band “young” / “old”. The <strong>bias knobs</strong> make the data worse
        for “dark” faces (fewer of them, wrong labels, a poorer camera, a shortcut between group and
        expression), so you can watch a gap open between the groups, and close it with Neutral knobs.
      </p>
      <p className="muted">
        It reproduces two studies: fair architecture search (
        <a href="https://arxiv.org/abs/2210.09943" target="_blank" rel="noreferrer">
          Dooley et al., NeurIPS 2023, FR-NAS
        </a>
        : bias is a property of the architecture) and compression and fairness (
        <a href="https://arxiv.org/abs/2201.01709" target="_blank" rel="noreferrer">
          Stoychev &amp; Gunes, 2022
        </a>
        : pruning and quantisation can widen the gap). Imported datasets (the Data page) train the same way,
        on the target and groups you choose.
      </p>
    </div>
  );
}
