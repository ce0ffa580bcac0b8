import type { ImportFormat } from '../../../lab/data/import/formats';

/** The import formats in the order shown, with the layout each expects. */
export const FORMAT_INFO: Record<ImportFormat, { label: string; layout: string }> = {
  utkface: {
    label: 'UTKFace',
    layout: 'Images named [age]_[gender]_[race]_[datetime].jpg (gender 0 male / 1 female; race 0–4).',
  },
  celeba: {
    label: 'CelebA',
    layout:
      'img_align_celeba/ (or img_align_celeba.zip, as downloaded) + list_attr_celeba.txt; optional identity_CelebA.txt and list_eval_partition.txt. Pick the folder holding them.',
  },
  fairface: {
    label: 'FairFace',
    layout:
      'fairface_label_train.csv / fairface_label_val.csv (file, age, gender, race) next to train/ and val/.',
  },
  rafdb: {
    label: 'RAF-DB (basic)',
    layout: 'list_patition_label.txt + Image/aligned/, optional Annotation/manual/*_manu_attri.txt.',
  },
  ckplus: {
    label: 'CK+ (folder per expression)',
    layout: 'One subfolder per expression (anger/, happy/, …); optional attributes CSV keyed by file.',
  },
  'folder-label': {
    label: 'Folder per label',
    layout:
      'One subfolder per class (<root>/<label>/<image>, as ImageFolder reads it): the folder name is the target "label", split stratified; optional attributes CSV keyed by file.',
  },
  folder: {
    label: 'Folder per identity (AT&T / ORL)',
    layout:
      'One subfolder per person (s1/, s2/, …): the folder name is "identity", split identity-disjoint (no person in two splits); optional attributes CSV keyed by file or identity.',
  },
  csv: {
    label: 'Generic CSV',
    layout: 'A folder of images plus a CSV naming each file and its labels; you map the columns below.',
  },
};

/** Formats that take an optional attributes CSV (sensitive attributes keyed by file or identity). */
export const OPTIONAL_CSV_FORMATS: readonly ImportFormat[] = ['ckplus', 'folder-label', 'folder'];
