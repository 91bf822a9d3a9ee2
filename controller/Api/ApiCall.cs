using Codemason.Controller.Errors;

namespace Codemason.Controller.Api;

/// <summary>Runs a handler body and turns domain failures into statuses through <see cref="RpcErrorMapper"/>.</summary>
internal static class ApiCall
{
    public static async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (ControllerException e)
        {
            throw RpcErrorMapper.ToRpcException(e);
        }
    }

    public static async Task RunAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (ControllerException e)
        {
            throw RpcErrorMapper.ToRpcException(e);
        }
    }
}
