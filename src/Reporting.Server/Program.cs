using Reporting.Server;

var app = ServerApp.Build(args);
app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("Reporting API listening on {Address}/api (GET /api/health needs no key)", ServerApp.BaseAddress(app)));
await app.RunAsync();
