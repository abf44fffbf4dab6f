import { type FormEvent, lazy, Suspense, useState } from "react";
import { getApiKey, setApiKey } from "./api/client";
import { Loading } from "./components/states";
import { OverviewPage } from "./pages/overview-page";
import { hrefOf, navigate, type Route, useRoute } from "./router";

// The map is in the first chunk; every other page loads on first visit.
const ActivatePage = lazy(() => import("./pages/activate-page").then((m) => ({ default: m.ActivatePage })));
const BuilderPage = lazy(() => import("./pages/builder-page").then((m) => ({ default: m.BuilderPage })));
const DiscoverPage = lazy(() => import("./pages/discover-page").then((m) => ({ default: m.DiscoverPage })));
const MeasurePage = lazy(() => import("./pages/measure-page").then((m) => ({ default: m.MeasurePage })));
const ProfilePage = lazy(() => import("./pages/profile-page").then((m) => ({ default: m.ProfilePage })));
const SegmentPage = lazy(() => import("./pages/segment-page").then((m) => ({ default: m.SegmentPage })));

const NAV: { id: string; label: string; href: string; icon: string }[] = [
  { id: "", label: "Segment map", href: "#/", icon: "▦" },
  { id: "builder", label: "Builder", href: "#/builder", icon: "✎" },
  { id: "discover", label: "Discover", href: "#/discover", icon: "◎" },
  { id: "measure", label: "Measure", href: "#/measure", icon: "▲" },
  { id: "activate", label: "Activate", href: "#/activate", icon: "➜" },
];

function Page(props: { route: Route }) {
  const [head = "", id] = props.route.parts;
  switch (head) {
    case "":
      return <OverviewPage route={props.route} />;
    case "segments":
      return id ? <SegmentPage id={id} route={props.route} /> : <OverviewPage route={props.route} />;
    case "builder":
      return <BuilderPage route={props.route} />;
    case "profiles":
      return id ? <ProfilePage id={id} route={props.route} /> : <ProfileSearch />;
    case "discover":
      return <DiscoverPage route={props.route} />;
    case "measure":
      return <MeasurePage route={props.route} />;
    case "activate":
      return <ActivatePage route={props.route} />;
    default:
      return (
        <div className="page">
          <h1>Page not found</h1>
          <p>
            <a href="#/">Back to the segment map</a>
          </p>
        </div>
      );
  }
}

function ProfileSearch() {
  return (
    <div className="page">
      <h1>Profiles</h1>
      <p className="muted">Look a profile up by profile id, user id or anonymous id with the search box above.</p>
    </div>
  );
}

function Connect(props: { onDone: () => void }) {
  const [key, setKey] = useState("");
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    setApiKey(key.trim());
    props.onDone();
  };
  return (
    <div className="connect">
      <form className="card connect-card" onSubmit={submit} aria-label="Connect to Tessera">
        <div className="brand big">
          <Logo /> Segment Maps
        </div>
        <p className="muted">
          Paste an API key with the <code>read</code> scope (add <code>write</code> to save segments). Create one with{" "}
          <code>tessera keys create --scopes read,write</code>.
        </p>
        <label className="field">
          <span>API key</span>
          <input
            aria-label="API key"
            type="password"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            placeholder="tk_…"
          />
        </label>
        <button className="btn primary" type="submit" disabled={!key.trim()}>
          Connect
        </button>
      </form>
    </div>
  );
}

function Logo() {
  return (
    <svg width="22" height="22" viewBox="0 0 16 16" aria-hidden="true">
      <rect width="7" height="7" rx="1.5" fill="#4f46e5" />
      <rect x="9" width="7" height="7" rx="1.5" fill="#06b6d4" />
      <rect y="9" width="7" height="7" rx="1.5" fill="#10b981" />
      <rect x="9" y="9" width="7" height="7" rx="1.5" fill="#f59e0b" />
    </svg>
  );
}

export function App() {
  const route = useRoute();
  const [hasKey, setHasKey] = useState(() => getApiKey() !== "");
  const [search, setSearch] = useState("");
  if (!hasKey) return <Connect onDone={() => setHasKey(true)} />;
  const head = route.parts[0] ?? "";
  const active = head === "segments" || head === "" ? "" : head;
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <a className="brand" href="#/">
          <Logo /> <span>Segment Maps</span>
        </a>
        <ul>
          {NAV.map((n) => (
            <li key={n.id}>
              <a
                href={n.href}
                className={active === n.id ? "active" : ""}
                aria-current={active === n.id ? "page" : undefined}
              >
                <span className="icon" aria-hidden="true">
                  {n.icon}
                </span>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <button
            type="button"
            className="btn ghost small"
            onClick={() => {
              setApiKey("");
              setHasKey(false);
            }}
          >
            Disconnect
          </button>
        </div>
      </nav>
      <div className="main">
        <header className="topbar">
          <form
            aria-label="Profile search"
            onSubmit={(e) => {
              e.preventDefault();
              if (search.trim()) navigate(["profiles", search.trim()]);
            }}
          >
            <input
              aria-label="Find a profile by id"
              placeholder="Find a profile (profile id, user id, anonymous id)…"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
          </form>
          <a className="btn primary small" href={hrefOf(["builder"])}>
            + New segment
          </a>
        </header>
        <main>
          <Suspense fallback={<Loading />}>
            <Page route={route} />
          </Suspense>
        </main>
      </div>
    </div>
  );
}
