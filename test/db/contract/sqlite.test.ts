import { sqliteFactory } from './harness.ts';
import { repositoryContract } from './repositories.ts';

repositoryContract(sqliteFactory);
