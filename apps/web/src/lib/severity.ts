export { isSeverity, SEVERITIES, SEVERITY_POINTS, type Severity } from '@pioneira/contracts/enums';
