import '@/styles/charts.css';

/** A labelled progress bar; without a value it shows motion only (work under way, end unknown). */
export function ProgressBar({
  label,
  value,
  detail,
}: {
  label: string;
  value: number | null;
  detail?: string;
}) {
  const percent = value === null ? null : Math.round(value);
  return (
    <div className="progress">
      <div className="progress__text">
        <span>{label}</span>
        {detail && <span className="progress__detail">{detail}</span>}
      </div>
      <div
        className={`progress__track ${percent === null ? 'progress__track--indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={detail}
      >
        <div className="progress__fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
    </div>
  );
}
