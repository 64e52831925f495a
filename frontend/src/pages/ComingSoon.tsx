import { t } from "../i18n";
import { Link } from "react-router-dom";

export function ComingSoon(props: {
  title: string;
  lead: string;
  items: string[];
  hint?: string;
  link?: { to: string; label: string };
}) {
  const id = `panel-${props.title.toLowerCase()}`;
  return (
    <section className="card coming-soon" aria-labelledby={id}>
      <div className="coming-soon-head">
        <h2 id={id}>{props.title}</h2>
        <span className="badge badge-soon">{t("pages.comingSoon.comingSoon")}</span>
      </div>
      <p className="lead">{props.lead}</p>
      <ul className="feature-list">
        {props.items.map((i) => (
          <li key={i}>{i}</li>
        ))}
      </ul>
      {props.hint || props.link ? (
        <p className="muted">
          {props.hint}{" "}
          {props.link ? (
            <Link to={props.link.to} className="inline-link">
              {props.link.label} →
            </Link>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}
