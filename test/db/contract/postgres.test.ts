import { postgresFactory } from './harness.ts';
import { repositoryContract } from './repositories.ts';

repositoryContract(postgresFactory);
