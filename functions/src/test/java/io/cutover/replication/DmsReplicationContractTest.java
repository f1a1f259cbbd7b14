package io.cutover.replication;

import io.cutover.core.aws.DmsReplication;
import io.cutover.core.ports.Replication.EndpointPair;
import io.cutover.core.ports.Replication.TaskDefinition;
import io.cutover.core.ports.Replication;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** The replication contract run against the DMS adapter: the real SDK clients against the stateful DMS fake. */
class DmsReplicationContractTest extends ReplicationContractTest {

    @Override
    protected Harness newHarness() {
        return new DmsHarness();
    }

    static final class DmsHarness implements Harness {
        private final FakeDms fake = new FakeDms();
        private final DmsReplication replication = fake.replication(Clock.systemUTC());
        private final EndpointPair endpoints;

        DmsHarness() {
            fake.addSourceTable("shop", "customers", 250);
            fake.addSourceTable("shop", "orders", 420);
            fake.addSourceTable("shop", "order_items", 90);
            fake.addSourceTable("other", "ledger", 30);
            endpoints = new EndpointPair(fake.addEndpoint("src", "source", "mysql"), fake.addEndpoint("tgt", "target", "aurora"));
        }

        @Override
        public Replication replication() {
            return replication;
        }

        @Override
        public TaskDefinition taskDefinition(String taskId) {
            return new TaskDefinition(taskId, FakeDms.INSTANCE_ARN, endpoints, "full-load-and-cdc",
                    TableMappings.build(List.of("shop")), TaskSettings.defaults().toJson());
        }

        @Override
        public TaskDefinition conflictingDefinition(TaskDefinition original) {
            return new TaskDefinition(original.taskId(), original.replicationInstanceArn(), original.endpoints(),
                    original.migrationType(), TableMappings.build(List.of("shop", "other")), original.taskSettingsJson());
        }

        @Override
        public List<String> tables() {
            return List.of("shop.customers", "shop.orders", "shop.order_items");
        }

        @Override
        public void changeSource(int inserts, int updates, int deletes) {
            fake.changeSource(tables(), inserts, updates, deletes);
        }

        @Override
        public void breakTable(String table) {
            fake.breakTable(table);
        }

        @Override
        public String targetInitStatements(String targetEndpointArn) {
            return fake.endpoint(targetEndpointArn).at("/MySQLSettings/AfterConnectScript").asText(null);
        }

        @Override
        public void advance() {
            fake.tick();
        }

        @Override
        public Duration patience() {
            return Duration.ofSeconds(20);
        }

        @Override
        public void close() {
            fake.close();
        }
    }
}
