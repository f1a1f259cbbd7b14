package io.cutover.precheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicationFiltersTest {
    @Test
    void likePatternsFollowSqlRules() {
        assertThat(ReplicationFilters.likeMatches("shop%", "shop_eu")).isTrue();
        assertThat(ReplicationFilters.likeMatches("sho_", "shop")).isTrue();
        assertThat(ReplicationFilters.likeMatches("shop\\_eu", "shopXeu")).isFalse();
        assertThat(ReplicationFilters.likeMatches("shop\\_eu", "shop_eu")).isTrue();
        assertThat(ReplicationFilters.likeMatches("Shop", "shop")).isTrue();
        assertThat(ReplicationFilters.likeMatches("a.b", "aXb")).as("a dot is literal").isFalse();
    }
}
