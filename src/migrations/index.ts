import * as migration_20261126_090045_initial from './20261126_090045_initial';

export const migrations = [
  {
    up: migration_20261126_090045_initial.up,
    down: migration_20261126_090045_initial.down,
    name: '20261126_090045_initial'
  },
];
