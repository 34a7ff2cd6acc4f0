// The secretariat's side of the consultation: observers' comments on each report version, answered here.
import { api } from "../api";
import { fail, page, say } from "../app";
import { field, formatDate, h } from "../dom";
import { fmt, t } from "../strings";
import type { CommentInput, Consultation, ReportComment, ReportVersion } from "../types";
import { keptText, planPicker, plansOrExplain, thread } from "./observer";

export async function commentsPage(params: URLSearchParams): Promise<void> {
  const plans = await plansOrExplain("secretariat");
  if (!plans) return;
  const plan = plans.find((p) => p.id === params.get("plan")) ?? plans[0];
  const base = `plans/${encodeURIComponent(plan.id)}`;
  const reports = (await api<ReportVersion[]>("GET", `${base}/reports`)).data.filter((r) => r.comments > 0);
  // Versions with comments not yet answered first.
  reports.sort((a, b) => Number(b.unanswered > 0) - Number(a.unanswered > 0));
  const consultations = await Promise.all(reports.map((r) => api<Consultation>("GET", `${base}/comments/${encodeURIComponent(r.reportId)}`).then((a) => a.data)));
  const cards = reports.map((r, i) => {
    const entries = consultations[i].entries;
    const questions = entries.filter((c) => !c.replyTo);
    return h("section", { class: "card" },
      h("h2", {}, r.title + (r.interim ? ` (${t.reports.interim})` : "")),
      h("p", { class: "hint" }, fmt(t.observer.generated, { date: formatDate(r.generatedAt, true) }) + " · " + fmt(t.consultation.counts, { n: r.comments, open: r.unanswered })),
      ...questions.map((q) => {
        const answers = entries.filter((a) => a.replyTo === q.id);
        const kept = keptText(`answer.${plan.id}.${r.reportId}.${q.id}`, "3");
        const text = kept.box;
        const send = h("button", { type: "submit", class: "secondary" }, t.consultation.send);
        const form = h("form", { onsubmit: async (e: Event) => {
          e.preventDefault();
          if (!text.value.trim()) return say(t.consultation.empty, "error");
          send.disabled = true;
          try {
            await api<ReportComment, CommentInput>("POST", `${base}/comments/${encodeURIComponent(r.reportId)}`,
              { body: { text: text.value, replyTo: q.id }, idempotencyKey: kept.idempotencyKey() });
            kept.sent();
            await commentsPage(params);
            say(t.consultation.sent);
          } catch (error) {
            send.disabled = false;
            fail(error);
          }
        } }, field(fmt(t.consultation.answerLabel, { by: q.by }), text), send);
        return h("div", { class: "consulted" },
          h("p", { class: q.answered ? "badge accepted" : "badge submitted" }, q.answered ? t.consultation.answered : t.consultation.open),
          thread([q, ...answers], t.observer.you), form);
      }));
  });
  page(fmt(t.consultation.heading, { plan: plan.title }), planPicker("comments", plans, plan, null),
    h("p", { class: "hint" }, t.consultation.intro),
    ...(cards.length ? cards : [h("p", {}, t.consultation.none)]));
}
