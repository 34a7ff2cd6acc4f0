using Reporting.Server;

var app = ServerApp.Build(args);
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("Reporting API listening on {Address}/api (GET /api/health needs no key); web pages at {Pages}", ServerApp.BaseAddress(app), ServerApp.BaseAddress(app) + "/api/web/"));
await app.RunAsync();
