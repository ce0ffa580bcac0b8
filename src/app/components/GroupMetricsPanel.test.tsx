import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { classificationReport } from '../../lab/fairness/report';
import { GroupMetricsPanel } from './GroupMetricsPanel';

// Rendered to static HTML in Node (no DOM needed): what the panel says before anyone clicks.
const groups = ['light', 'light', 'light', 'light', 'dark', 'dark', 'dark', 'dark'];
const multiclass = classificationReport({
  yTrue: ['happy', 'sad', 'neutral', 'happy', 'happy', 'sad', 'neutral', 'sad'],
  yPred: ['happy', 'sad', 'happy', 'happy', 'sad', 'sad', 'neutral', 'happy'],
  groups,
});
const binary = classificationReport({
  yTrue: [1, 0, 1, 0, 1, 0, 1, 1],
  yPred: [1, 0, 0, 0, 1, 1, 1, 0],
  groups,
});

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('GroupMetricsPanel', () => {
  it('shows a multiclass target per class, and points only at what is on the page', () => {
    expect(multiclass.warnings.join()).toMatch(/see by_class/);
    const html = renderToStaticMarkup(<GroupMetricsPanel report={multiclass} />);
    expect(text(html)).not.toMatch(/by_class/);
    expect(html).toContain('data-testid="per-class-table"');
    expect(html).toContain('data-testid="class-row-happy"');
    expect(html).toContain('data-testid="macro-macro_tpr_difference"');
    expect(text(html)).toContain('read them per class in the table below');
    expect(html).toContain('data-testid="positive-class"');
    // No select with a single option, no disabled button that explains itself only on hover.
    expect(html).not.toContain('data-testid="metric-select"');
    expect(html).toContain('data-testid="metric-fixed"');
    expect(html).not.toContain('data-testid="view-toggle"');
    expect(text(html)).toContain('The signed AIF360 view needs a positive label');
    expect(html).not.toMatch(/disabled=""[^>]*view-toggle|title="needs a positive label"/);
  });

  it('keeps the binary view: a metric select with every rate and the AIF360 toggle', () => {
    const html = renderToStaticMarkup(<GroupMetricsPanel report={binary} />);
    expect(html).toContain('data-testid="metric-select"');
    expect((html.match(/<option /g) ?? []).length).toBeGreaterThan(5);
    expect(html).toContain('data-testid="view-toggle"');
    expect(html).not.toContain('data-testid="per-class"');
  });
});
