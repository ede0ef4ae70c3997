import { installLogGuard } from '#test/log-guard';

installLogGuard();
