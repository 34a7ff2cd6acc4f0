import "./style.css";
import { api, ApiError, session } from "./api";
import { app, describe, page, say } from "./app";
import { clear, field, h } from "./dom";
import { fmt, t } from "./strings";
import type { Me } from "./types";
import { reportPage } from "./pages/focal";
import { gridPage, reviewPage } from "./pages/secretariat";
import { reportsPage, summaryPage } from "./pages/summary";
import { keysPage, plansPage, windowsPage } from "./pages/admin";
import { accessPage } from "./pages/access";
import { consultPage, figuresPage } from "./pages/observer";
import { commentsPage } from "./pages/consultation";

type Page = (params: URLSearchParams) => Promise<void>;

// Which role may open which page; the API checks every call anyway, this only keeps menus honest.
// The secretariat opens a state's report from the grid (and may edit it there); only focal points have "My report".
// `observes`: also open to a caller who is an observer of some plan while holding a stronger role elsewhere.
const routes: Record<string, { page: Page; roles: Me["role"][]; nav?: keyof typeof t.nav; navRoles?: Me["role"][]; observes?: boolean }> = {
  report: { page: reportPage, roles: ["focalPoint", "secretariat", "admin"], nav: "report", navRoles: ["focalPoint"] },
  grid: { page: gridPage, roles: ["secretariat", "admin"], nav: "grid" },
  submission: { page: reviewPage, roles: ["secretariat", "admin"] },
  summary: { page: summaryPage, roles: ["focalPoint", "secretariat", "admin"], nav: "summary" },
  reports: { page: reportsPage, roles: ["focalPoint", "secretariat", "admin"], nav: "reports" },
  plans: { page: plansPage, roles: ["admin"], nav: "plans" },
  keys: { page: keysPage, roles: ["admin"], nav: "keys" },
  windows: { page: windowsPage, roles: ["secretariat", "admin"], nav: "windows" },
  comments: { page: commentsPage, roles: ["secretariat", "admin"], nav: "comments" },
  access: { page: accessPage, roles: ["admin"], nav: "access" },
  // Civil-society observers: final figures and final reports only, and their comments on those reports.
  figures: { page: figuresPage, roles: ["observer"], nav: "figures", observes: true },
  consult: { page: consultPage, roles: ["observer"], nav: "consult", observes: true },
};

function observesSomewhere(me: Me): boolean {
  return (me.plans ?? []).some((p) => p.access === "observer");
}

function home(me: Me): string {
  return me.role === "focalPoint" ? "report" : me.role === "observer" ? "figures" : "grid";
}

async function whoAmI(): Promise<Me | null> {
  try {
    return (await api<Me>("GET", "access/me")).data;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
    throw error;
  }
}

/** Behind App Service Authentication /.auth/me exists (200 or 401); on the standalone server it does not (404). */
async function hasOrganisationSignIn(): Promise<boolean> {
  try {
    const r = await fetch("/.auth/me", { credentials: "same-origin" });
    return r.status !== 404;
  } catch {
    return false;
  }
}

async function signInPage(message?: string): Promise<void> {
  const key = h("input", { type: "password", autocomplete: "off", spellcheck: "false", required: true });
  const error = h("p", { class: "field-error", id: "signin-error" }, message ?? "");
  if (message) {
    key.setAttribute("aria-invalid", "true");
    key.setAttribute("aria-describedby", error.id);
  }
  const form = h("form", { class: "card narrow", onsubmit: async (e: Event) => {
    e.preventDefault();
    if (!key.value.trim()) return signInPage(t.signIn.empty);
    session.key = key.value.trim();
    try {
      const me = await whoAmI();
      if (!me) {
        session.key = null;
        return signInPage(t.signIn.unknownKey);
      }
      start(me);
    } catch (err) {
      session.key = null;
      await signInPage(fmt(t.signIn.refused, { detail: describe(err) }));
    }
  } },
  h("p", {}, t.signIn.intro),
  field(t.signIn.key, key),
  error,
  h("button", { type: "submit" }, t.signIn.submit));
  const organisation = (await hasOrganisationSignIn())
    ? h("p", {}, h("a", { class: "button secondary", href: "/.auth/login/aad?post_login_redirect_uri=" + encodeURIComponent(location.pathname) }, t.signIn.organisation))
    : null;
  renderChrome(null);
  page(t.signIn.heading, organisation, form);
  key.focus();
}

function renderChrome(me: Me | null): void {
  const nav = document.getElementById("nav")!;
  const who = document.getElementById("who")!;
  clear(nav);
  clear(who);
  if (!me) return;
  const current = location.hash.slice(2).split("?")[0];
  const links = Object.entries(routes)
    .filter(([, r]) => r.nav && ((r.navRoles ?? r.roles).includes(me.role) || (r.observes && observesSomewhere(me))))
    .map(([name, r]) => h("li", {}, h("a", { href: "#/" + name, "aria-current": name === current ? "page" : null }, t.nav[r.nav!])));
  nav.append(h("ul", {}, links));
  who.append(
    h("span", {}, fmt(t.app.signedInAs, { name: me.name }) + " · " + t.roles[me.role] + (me.state ? " " + me.state : "")),
    me.authentication === "apiKey"
      ? h("button", { type: "button", class: "secondary", onclick: () => { session.key = null; app.me = null; location.hash = ""; void signInPage(); } }, t.app.signOut)
      : h("a", { class: "button secondary", href: "/.auth/logout" }, t.app.signOut));
}

// One navigation at a time: a slow page finishing after a newer one must not paint over it.
let routing: Promise<void> = Promise.resolve();
function route(): Promise<void> {
  routing = routing.then(render, render);
  return routing;
}

async function render(): Promise<void> {
  const me = app.me;
  if (!me) return;
  const hash = location.hash.slice(2);
  const [name, query] = [hash.split("?")[0], new URLSearchParams(hash.split("?")[1] ?? "")];
  const target = routes[name];
  if (!target || !(target.roles.includes(me.role) || (target.observes && observesSomewhere(me)))) {
    location.replace("#/" + home(me));
    return;
  }
  renderChrome(me);
  // On a slow line the old page stays until the new one has its data: say that it is coming.
  say(t.app.loading);
  try {
    await target.page(query);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      session.key = null;
      app.me = null;
      return signInPage(describe(error));
    }
    page(t.app.notFound, h("p", { class: "error-summary", role: "alert" }, describe(error)));
  } finally {
    if (document.getElementById("status")!.textContent === t.app.loading) say("");
  }
  const heading = document.querySelector<HTMLElement>("main h1");
  heading?.focus({ preventScroll: true });
}

function start(me: Me): void {
  app.me = me;
  // Replacing the hash fires hashchange, which routes; render directly only when the address stays.
  if (!location.hash.startsWith("#/") || location.hash === "#/") location.replace("#/" + home(me));
  else void route();
}

async function boot(): Promise<void> {
  document.getElementById("brand")!.textContent = t.app.title;
  const skip = document.getElementById("skip")!;
  skip.textContent = t.app.skip;
  // The skip link must not change the hash (that is the router's).
  skip.addEventListener("click", (e) => {
    e.preventDefault();
    document.getElementById("main")!.focus();
  });
  window.addEventListener("hashchange", () => void route());
  page(t.app.loading);
  try {
    const me = await whoAmI();
    if (me) start(me);
    else await signInPage();
  } catch (error) {
    page(t.app.title, h("p", { class: "error-summary", role: "alert" }, describe(error)));
  }
}

void boot();
