/** Collections of the read database besides the views' own (`view_<name>_<suffix>`). */
export const READ_SIDE_COLLECTIONS = {
  /** `_id = view name`: which collection serves the view, and whether a rebuild holds its writes. */
  pointers: 'view_pointers',
  /** One document: the last event the projector applied to each view. */
  status: 'projection_status',
  /** `_id = job id`: rebuild jobs and their progress. */
  rebuilds: 'projection_rebuilds',
} as const;
