package io.cutover.local.aws;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The AWS contract suite against moto's server, started on a free loopback port for this class and stopped after it. */
class AwsAdaptersMotoIT extends AwsAdaptersContract {
    private static MotoServer moto;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @Override
    protected AwsBackend backend() {
        return moto;
    }
}
