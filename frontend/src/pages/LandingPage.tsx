import { Link } from "react-router-dom";
import { Brand } from "../components/Brand";

const FEATURES = [
  {
    icon: "✦",
    title: "Sign up online",
    text: "Choose a mobile, internet or landline plan and subscribe in a few minutes, without visiting a shop.",
  },
  {
    icon: "⇄",
    title: "Change your plan",
    text: "Move to a bigger or smaller plan whenever you need, with the price and commitment shown up front.",
  },
  {
    icon: "▤",
    title: "Your invoices",
    text: "See every monthly invoice, download it as a PDF and follow your payments in one place.",
  },
];

export function LandingPage() {
  return (
    <div className="landing">
      <div className="landing-top">
        <header className="landing-header">
          <Brand light />
          <Link to="/login" className="landing-operator">
            Operator sign-in
          </Link>
        </header>

        <section className="landing-hero">
          <p className="landing-kicker">Client space</p>
          <h1>
            Welcome to <span className="nowrap">MT-Facturation</span>
          </h1>
          <p className="landing-lead">
            Your mobile, internet and landline services, simply managed. Our self-service space is on its way:
            soon you will be able to do everything below on your own, from your phone or your computer.
          </p>
          <span className="badge badge-soon badge-lg">Coming soon</span>
        </section>
      </div>

      <section className="landing-features" aria-label="What is coming">
        {FEATURES.map((f) => (
          <article key={f.title} className="landing-card">
            <div className="landing-icon" aria-hidden="true">
              {f.icon}
            </div>
            <h2>{f.title}</h2>
            <p>{f.text}</p>
          </article>
        ))}
      </section>

      <section className="landing-help">
        <h2>Need something today?</h2>
        <p>Our advisors can subscribe you, change your plan or send you a copy of an invoice right now.</p>
      </section>

      <footer className="landing-footer">
        <span>© {new Date().getFullYear()} MT-Facturation</span>
        <span>Prices in Moroccan dirham (MAD).</span>
      </footer>
    </div>
  );
}
