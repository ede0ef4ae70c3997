import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local listening on 127.0.0.1 only (tools/local-aws/services.ts).
 *
 * DynamoDB Local has no option for the listening address (`-help` lists -port, -inMemory,
 * -dbPath, -sharedDb, -cors, -delayTransientStatuses, -optimizeDbBeforeStartup,
 * -disableTelemetry): its DynamoDBProxyServer builds a Jetty `Server(port)`, whose connector binds
 * every interface. This launcher builds the server from the same command line with DynamoDB
 * Local's own ServerRunner, sets the connector's host to the loopback address before starting it,
 * and then runs it exactly as DynamoDB Local's main does.
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    proxy.start();
    proxy.join();
  }
}
