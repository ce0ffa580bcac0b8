import type { PostprocessCsvOptions, PostprocessResult } from '../../lab/mitigation';
import type { Method } from '../protocol';

/** A scores CSV (y_true, score, group columns) and how to post-process it. */
export interface PostprocessRequest {
  text: string;
  /** The CSV's file name, echoed in the result. */
  name: string;
  options: PostprocessCsvOptions;
}

export type PostprocessOutcome = PostprocessResult & {
  name: string;
  positive: string;
  negative: string;
  group_cols: string[];
};

export interface MitigationApi {
  /** Fairlearn-style threshold post-processing of binary scores (ThresholdOptimizer). */
  postprocess: Method<PostprocessRequest, PostprocessOutcome>;
}
