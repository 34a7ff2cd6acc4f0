using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Reporting.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay between the server and Azurite that can cut the line: every open connection is reset and new
/// ones are refused until it is restored, which is what the server sees when storage dies. The target port can change,
/// so Azurite can come back on new ports with the same data.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<Socket, byte> open = new();
    private readonly CancellationTokenSource stopping = new();
    private volatile bool down;
    private volatile int targetPort;

    public FaultProxy(int targetPort)
    {
        this.targetPort = targetPort;
        listener.Start();
        _ = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    /// <summary>Resets every open connection and refuses new ones.</summary>
    public void Cut()
    {
        down = true;
        foreach (var socket in open.Keys) Reset(socket);
    }

    public void Restore(int newTargetPort)
    {
        targetPort = newTargetPort;
        down = false;
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try { client = await listener.AcceptSocketAsync(stopping.Token); }
            catch (Exception) when (stopping.IsCancellationRequested) { return; }
            if (down) { Reset(client); continue; }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        open[client] = 0;
        open[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, targetPort, stopping.Token);
            if (down) return;
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        catch (Exception) { /* a cut or a refused connection: the other side sees a reset */ }
        finally
        {
            Reset(client);
            Reset(upstream);
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, SocketFlags.None, stopping.Token);
            if (read == 0 || down) return;
            await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stopping.Token);
        }
    }

    private void Reset(Socket socket)
    {
        open.TryRemove(socket, out _);
        try
        {
            // Linger 0: an RST, as when the process on the other end dies.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException) { }
        catch (SocketException) { }
    }

    public ValueTask DisposeAsync()
    {
        stopping.Cancel();
        listener.Stop();
        Cut();
        stopping.Dispose();
        return ValueTask.CompletedTask;
    }
}
